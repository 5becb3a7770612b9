#!/usr/bin/env bash
# Logs Helm in to a stack's chart registry with an Entra ID token (the admin user is disabled), so that
# `pulumi up` can pull oci:// charts: helm.v3.Release reads Helm's registry config, not repositoryOpts.
# Usage: scripts/registry-login.sh <stack>     Needs: az (logged in, AcrPull on the registry), helm.
set -euo pipefail
stack=${1:?usage: scripts/registry-login.sh <stack>}
cd "$(dirname "$0")/.."
registry=$(node -e '
  const { parse } = require("yaml");
  const doc = parse(require("fs").readFileSync(`Pulumi.${process.argv[1]}.yaml`, "utf8"));
  process.stdout.write(doc.config["helm-platform:registry"].name);
' "$stack")
# The token is valid for about three hours: run this right before `pulumi up`.
az acr login --name "$registry" --expose-token --output tsv --query accessToken \
  | helm registry login "${registry,,}.azurecr.io" --username 00000000-0000-0000-0000-000000000000 --password-stdin
