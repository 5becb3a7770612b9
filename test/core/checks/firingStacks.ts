import type { Broken } from "./brokenSamples";

/** For every check of the stack files' and the settings' stages, a change of the sample that breaks it, and a part of its problem. */
export const FIRING_STACK: Readonly<Record<string, Broken>> = {
    "secrets-encrypted": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": [
                "    fintech:\n      payments-db-password:\n        secure: v1:c2FtcGxlLW5vbmNl:c2FtcGxlLWNpcGhlcnRleHQtcmVwbGFjZS1tZQ==",
                "    fintech:\n      payments-db-password: hunter2",
            ],
        },
        reports: "secrets.fintech.payments-db-password: is plain text in the stack file",
    },
    "shard-settings": {
        stack: "prod.payments",
        changes: { "Pulumi.prod.payments.yaml": ["config:\n", "config:\n  helm-platform:location: northeurope\n"] },
        reports: "helm-platform:location: is a setting of the environment",
    },
    "shard-secrets": {
        stack: "prod.payments",
        changes: { "Pulumi.prod.payments.yaml": ["    fintech:\n", "    retail:\n      token:\n        secure: v1:abc\n    fintech:\n"] },
        reports: 'team "retail" is not in shard payments',
    },
    "stack-exists": { stack: "dve", changes: {}, reports: 'there is no stack "dve"' },
    "cluster-names-unique": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": [
                '    - name: weu\n      location: westeurope\n      kubernetesVersion: "1.33"\n',
                '    - name: weu\n      location: westeurope\n      kubernetesVersion: "1.33"\n    - name: weu\n      location: northeurope\n',
            ],
        },
        reports: 'duplicate cluster name "weu" (also clusters[0])',
    },
    "cluster-identity": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": [
                'kubernetesVersion: "1.33"\n',
                'kubernetesVersion: "1.33"\n      oidcIssuer: false\n      workloadIdentity: true\n',
            ],
        },
        reports: "workload identity needs the OIDC issuer",
    },
    "cluster-network": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": ['kubernetesVersion: "1.33"\n', 'kubernetesVersion: "1.33"\n      network:\n        policy: none\n'],
        },
        reports: "no network policy engine",
    },
    "cluster-upgrades-and-access": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": [
                'kubernetesVersion: "1.33"\n',
                'kubernetesVersion: "1.33"\n      privateCluster: true\n      authorizedIpRanges: [203.0.113.0/24]\n',
            ],
        },
        reports: "authorized IP ranges apply to a public API server",
    },
    "cluster-pools": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": [
                'kubernetesVersion: "1.33"\n',
                'kubernetesVersion: "1.33"\n      systemPool:\n        minCount: 3\n        maxCount: 2\n',
            ],
        },
        reports: "minCount 3 is greater than maxCount 2",
    },
    "cluster-existing": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["      location: westeurope\n", "      existing:\n        kubeconfigContext: dev-cluster\n"] },
        reports: "clusters[0].kubernetesVersion: only applies to clusters this stack creates",
    },
    "registry-push-rights": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["    name: acrhelmplatformdev\n", "    name: acrhelmplatformdev\n    pushObjectIds: [someone]\n"] },
        reports: "registry-wide push rights are gone",
    },
    "registry-replicas": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": ["    name: acrhelmplatformdev\n", "    name: acrhelmplatformdev\n    replicaLocations: [northeurope]\n"],
        },
        reports: "geo-replication needs the Premium SKU, the registry is Standard",
    },
    "registry-reachable": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": ["    name: acrhelmplatformdev\n", "    name: acrhelmplatformdev\n    publicNetworkAccess: false\n"],
        },
        reports: "public access is off and there is no private endpoint",
    },
    "waiver-reason": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": [
                "config:\n",
                "config:\n  helm-platform:governance:\n    rules:\n      image-tag-pinned:\n        enabled: false\n",
            ],
        },
        reports: 'switching off "image-tag-pinned" needs a reason',
    },
    "chart-keyring-required": {
        stack: "uat",
        changes: { "Pulumi.uat.yaml": ["  helm-platform:charts:\n    keyring: keys/charts.pubring.gpg\n", ""] },
        reports: "the production profile requires verified charts, and no keyring is configured",
    },
    "monitoring-secrets": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["      webhookSecret: slack-webhook-url\n", "      webhookSecret: slack-hook\n"] },
        reports: 'secret "slack-hook" is not configured for the platform',
    },
    "ingress-domains-named": {
        stack: "uat",
        changes: { "Pulumi.uat.yaml": ["    ingressDomains: [contoso.example]\n", ""] },
        reports: "needs the domains teams' Ingresses may live under, and none are named",
    },
    "shards-named": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["config:\n", "config:\n  helm-platform:shards:\n    payments: [fintech]\n"] },
        reports: "shards are read only in the sharded layout",
    },
    "pod-security-waivers-moved": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["config:\n", "config:\n  helm-platform:tenancy:\n    podSecurityWaivers:\n      data: baseline\n"] },
        reports: "Pod Security waivers are allowances now",
    },
    "promotion-from": {
        stack: "uat",
        changes: { "Pulumi.uat.yaml": ["    from: dev\n", "    from: uat\n"] },
        reports: "an environment cannot be promoted from itself",
    },
    "stack-shard": { stack: "prod.billing", changes: {}, reports: 'there is no shard "billing" in prod' },
    "secrets-placement": {
        stack: "prod",
        changes: {
            "Pulumi.prod.yaml": [
                "    platform:\n      slack-webhook-url:",
                "    fintech:\n      token:\n        secure: v1:abc\n    platform:\n      slack-webhook-url:",
            ],
        },
        reports: "in a sharded environment a team's secrets live in its shard's stack file",
    },
    "platform-values-files": {
        stack: "dev",
        changes: { "values/staging.yaml": "logLevel: debug\n" },
        reports: "values/staging.yaml: is not a platform values file",
    },
    "secrets-provider": {
        stack: "uat",
        changes: {
            "Pulumi.uat.yaml": [
                "secretsprovider: azurekeyvault://kv-helm-platform-uat.vault.azure.net/keys/pulumi-uat",
                "secretsprovider: passphrase",
            ],
        },
        reports: '"passphrase" is not an Azure Key Vault key',
    },
    "promotion-from-known": {
        stack: "uat",
        changes: { "Pulumi.uat.yaml": ["    from: dev\n", "    from: qa\n"] },
        reports: 'promotion.from: unknown environment "qa"',
    },
    "chart-keyring-present": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["keyring: keys/charts.pubring.gpg", "keyring: keys/signers.gpg"] },
        reports: 'keyring "keys/signers.gpg" is not in the repository',
    },
};
