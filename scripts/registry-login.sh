#!/usr/bin/env bash
# Logs Helm in to a stack's chart registry with an Entra ID token (the admin user is disabled), so that
# `pulumi up`, `npm run lock` and `npm run publish-charts` can reach oci:// charts: helm.v3.Release reads
# Helm's registry config, not repositoryOpts.
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: scripts/registry-login.sh <stack>

<stack> is an environment (dev) or one of its shards' stacks (prod.payments): the registry is the
environment's, named in its stack file.

Logs Helm in to the chart registry of Pulumi.<stack>.yaml (helm registry login) with a short-lived
token (about three hours: run it right before pulumi up). Needs helm, and az logged in as an identity
with Container Registry Repository Reader (pulling) or Writer (publishing) on the registry.

Environment:
  REGISTRY_TOKEN_COMMAND  a command that prints the token on stdout; REGISTRY_NAME holds the registry's
                          name (default: az acr login --name "$REGISTRY_NAME" --expose-token
                          --output tsv --query accessToken)
  REGISTRY_HOST           the address Helm logs in to (default: <registry>.azurecr.io)
EOF
}

case "${1:-}" in
    -h | --help) usage; exit 0 ;;
    -*) echo "registry-login.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    "") usage >&2; exit 2 ;;
esac
[ $# -eq 1 ] || { echo "registry-login.sh: one stack, got $#" >&2; usage >&2; exit 2; }
stack=${1%%.*}
cd "$(dirname "$0")/.."
[ -f "Pulumi.$stack.yaml" ] || { echo "registry-login.sh: no stack file Pulumi.$stack.yaml" >&2; exit 2; }
REGISTRY_NAME=$(node -e '
  const { parse } = require("yaml");
  const doc = parse(require("fs").readFileSync(`Pulumi.${process.argv[1]}.yaml`, "utf8"));
  process.stdout.write(doc.config["helm-platform:registry"].name);
' "$stack")
export REGISTRY_NAME
host=${REGISTRY_HOST:-${REGISTRY_NAME,,}.azurecr.io}
token_command=${REGISTRY_TOKEN_COMMAND:-'az acr login --name "$REGISTRY_NAME" --expose-token --output tsv --query accessToken'}
# ACR takes Entra tokens with this fixed user name.
bash -c "$token_command" \
  | helm registry login "$host" --username 00000000-0000-0000-0000-000000000000 --password-stdin
