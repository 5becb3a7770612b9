import { type Broken, grant } from "./brokenSamples";

/** For every check of the teams' stages and after, a change of the sample that breaks it, and a part of its problem. */
export const FIRING_TEAMS: Readonly<Record<string, Broken>> = {
    "team-unique": {
        stack: "dev",
        changes: { "tenants/payments.yaml": { copyOf: "tenants/fintech.yaml" } },
        reports: 'team "fintech" is already defined in',
    },
    "team-name": {
        stack: "dev",
        changes: { "tenants/data.yaml": ["team: data\n", "team: platform\n"] },
        reports: '"platform" is reserved: it owns the platform\'s own secrets',
    },
    "team-component-names": {
        stack: "dev",
        changes: {
            "Pulumi.dev.yaml": [
                "    - name: weu\n",
                '    - name: weu-x\n      location: westeurope\n      kubernetesVersion: "1.33"\n    - name: weu\n',
            ],
            "tenants/x-data.yaml": { copyOf: "tenants/data.yaml", edit: ["team: data\n", "team: x-data\n"] },
        },
        reports: "are both named dev-weu-x-data",
    },
    "tenant-environments": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["environments: [dev, uat, prod]", "environments: [dev, uat, prod, staging]"] },
        reports: 'environments[3]: unknown environment "staging"',
    },
    "tenant-clusters": {
        stack: "prod.commerce",
        changes: { "tenants/data.yaml": ["prod: [weu]", "prod: [wue]"] },
        reports: 'unknown cluster "wue" in environment "prod"',
    },
    "egress-destination": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["cidr: 198.51.100.0/24", "cidr: 10.0.0.0/8"] },
        reports: "egress to 10.0.0.0/8 is wider than a /16",
    },
    "egress-to-team": {
        stack: "dev",
        changes: { "tenants/retail.yaml": ["        - port: 8080\n", "        - port: 8081\n"] },
        reports: 'team "retail" does not admit "fintech" on 8080/TCP',
    },
    "ingress-from-team": {
        stack: "dev",
        changes: { "tenants/retail.yaml": ["      team: fintech\n", "      team: fintek\n"] },
        reports: 'network.ingress[0].team: no tenant file declares team "fintek"',
    },
    "ingress-domains-unique": {
        stack: "dev",
        changes: { "tenants/data.yaml": ["network:\n", "exposure:\n  ingressDomains: [contoso.example]\nnetwork:\n"] },
        reports: '"contoso.example" overlaps "shop.contoso.example" of team "retail"',
    },
    "deployer-identity": {
        stack: "dev",
        changes: {
            "tenants/fintech.yaml": [
                "    repository: contoso/fintech-services\n",
                "    repository: contoso/fintech-services\n  objectId: 0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a59\n",
            ],
        },
        reports: "the CI identity needs exactly one of github or objectId",
    },
    "secret-owners": {
        stack: "dev",
        changes: { "Pulumi.dev.yaml": ["    fintech:\n", "    ledgers:\n      token:\n        secure: v1:abc\n    fintech:\n"] },
        reports: 'secrets.ledgers: no tenant file declares team "ledgers"',
    },
    "shard-placement": {
        stack: "prod",
        changes: { "Pulumi.prod.yaml": ["commerce: [retail, data]", "commerce: [retail]"] },
        reports: "team data runs in prod, which is sharded, and no shard holds it",
    },
    "shard-teams": {
        stack: "prod",
        changes: { "Pulumi.prod.yaml": ["payments: [fintech]", "payments: [fintech, ghost]"] },
        reports: 'shards.payments[1]: no tenant file declares team "ghost"',
    },
    "shard-stack-files": {
        stack: "prod",
        changes: { "Pulumi.prod.commerce.yaml": null },
        reports: "shard commerce has no stack file Pulumi.prod.commerce.yaml",
    },
    "needs-within-shard": {
        stack: "prod.payments",
        changes: { "tenants/fintech.yaml": ["needs: [ledger]", "needs: [ledger, retail/storefront]"] },
        reports: "retail/storefront is deployed by shard commerce and fintech by shard payments",
    },
    "needs-declared": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["needs: [ledger]", "needs: [ledgr]"] },
        reports: 'needs "ledgr", which no tenant file declares',
    },
    "needs-acyclic": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["    chart: ledger\n", "    chart: ledger\n    needs: [payments-api]\n"] },
        reports: "needs form a cycle: fintech/ledger -> fintech/payments-api -> fintech/ledger",
    },
    "team-folders": {
        stack: "dev",
        changes: { "tenants/ghost/app/values.yaml": "logLevel: debug\n" },
        reports: "tenants/ghost: is a values folder of no team",
    },
    "allowance-file-name": {
        stack: "dev",
        changes: { "allowances/shop.yaml": { copyOf: "allowances/retail.yaml" } },
        reports: 'team "retail" is in allowances/shop.yaml, which is named for "shop"',
    },
    "allowance-team": {
        stack: "dev",
        changes: { "allowances/ghost.yaml": { copyOf: "allowances/retail.yaml", edit: ["team: retail\n", "team: ghost\n"] } },
        reports: 'allowances/ghost.yaml:2: team: no tenant file declares team "ghost"',
    },
    "allowance-environments": {
        stack: "dev",
        changes: { "allowances/data.yaml": ["environments: [uat, prod]", "environments: [uat, prod, qa]"] },
        reports: 'allowances[0].environments[2]: unknown environment "qa"',
    },
    "allowance-egress": {
        stack: "dev",
        changes: { "allowances/fintech.yaml": ["egress: [198.51.100.0/24]", "egress: [198.51.100.0/24, 169.254.0.0/16]"] },
        reports: "allowances[1].egress[1]: egress to 169.254.0.0/16 would include",
    },
    "allowance-ingress-domains": {
        stack: "uat",
        changes: {
            "allowances/retail.yaml": [
                "ingressDomains: [shop.contoso.example]",
                "ingressDomains: [shop.contoso.example, shop.fabrikam.example]",
            ],
        },
        reports: '"shop.fabrikam.example" is not under a domain uat gives to teams (contoso.example)',
    },
    "allowance-namespace": {
        stack: "dev",
        changes: {
            "allowances/retail.yaml": [
                "    ingressDomains: [shop.contoso.example]\n",
                "    ingressDomains: [shop.contoso.example]\n    namespace: kube-retail\n",
            ],
        },
        reports: 'allowances[0].namespace: namespace "kube-retail" is reserved for the platform',
    },
    "allowance-exemptions": {
        stack: "dev",
        changes: { "allowances/fintech.yaml": { append: grant("promotionExemptions: [refunds]") } },
        reports: 'team fintech has no app "refunds"',
    },
    "allowance-charts": {
        stack: "dev",
        changes: { "allowances/fintech.yaml": { append: grant("charts: [ghost/ledger]") } },
        reports: 'no tenant file declares team "ghost", whose chart this would be',
    },
    "service-types-allowed": {
        stack: "dev",
        changes: { "tenants/retail.yaml": ["exposure:\n", "exposure:\n  serviceTypes: [LoadBalancer]\n"] },
        reports: "Service type LoadBalancer is not allowed for team retail in dev",
    },
    "ingress-domains-allowed": {
        stack: "dev",
        changes: {
            "tenants/retail.yaml": [
                "ingressDomains: [shop.contoso.example]",
                "ingressDomains: [shop.contoso.example, blog.contoso.example]",
            ],
        },
        reports: 'Ingress domain "blog.contoso.example" is not allowed for team retail in dev',
    },
    "egress-allowed": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["cidr: 198.51.100.0/24", "cidr: 203.0.113.0/24"] },
        reports: "egress to 203.0.113.0/24 is not allowed for team fintech in dev",
    },
    "quota-ceiling": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ['requests.cpu: "24"', 'requests.cpu: "99"'] },
        reports: '"99" is above team fintech\'s ceiling of "24" in dev',
    },
    "pod-security-allowed": {
        stack: "uat",
        changes: { "tenants/data.yaml": ["enforce: baseline", "enforce: privileged"] },
        reports: "Pod Security level privileged is weaker than uat enforces (restricted) and not allowed for team data",
    },
    "promotion-exemption-allowed": {
        stack: "uat",
        changes: {
            "tenants/fintech.yaml": ["    chart: ledger\n", "    chart: ledger\n    promotionExemption: the ledger's hotfix line\n"],
        },
        reports: "app ledger may not skip the promotion gate in uat",
    },
    "deployer-allowed": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["repository: contoso/fintech-services", "repository: contoso/fintech-tools"] },
        reports: "CI from contoso/fintech-tools is not allowed to deploy team fintech in dev",
    },
    "foreign-chart-allowed": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["    chart: ledger\n", "    chart: retail/catalog\n"] },
        reports: "app ledger installs team retail's chart catalog, which team fintech is not allowed to use in dev",
    },
    "namespace-owner": {
        stack: "dev",
        changes: { "tenants/fintech.yaml": ["groups:\n", "namespace: kube-fintech\ngroups:\n"] },
        reports: 'namespace: namespace "kube-fintech" is reserved for the platform',
    },
    "app-folders": {
        stack: "dev",
        changes: { "tenants/fintech/ledgr/values.yaml": "logLevel: debug\n" },
        reports: "tenants/fintech/ledgr: values folder for an app that tenants/fintech.yaml does not declare",
    },
    "values-file-names": {
        stack: "dev",
        changes: { "tenants/fintech/ledger/values.staging.yaml": "logLevel: debug\n" },
        reports: 'unknown environment "staging" in the file name',
    },
    "release-names": {
        stack: "dev",
        changes: {
            "tenants/fintech-payments.yaml":
                "team: fintech-payments\ngroups:\n  owners: [0b4a1f6e-2c3d-4e5f-8a9b-0c1d2e3f4a51]\nenvironments: [dev]\napps:\n  api:\n    chart: api\n    versions:\n      dev: 1.0.0\n",
        },
        reports: 'release name "fintech-payments-api" is also produced by team',
    },
    "needs-deployed": {
        stack: "prod.commerce",
        changes: { "tenants/retail.yaml": ["    chart: storefront\n", "    chart: storefront\n    needs: [data/ingest-worker]\n"] },
        reports: "needs data-ingest-worker, which does not run on prod/neu",
    },
    "values-schema": {
        stack: "dev",
        changes: { "tenants/fintech/payments-api/values.dev.yaml": { append: 'service:\n  port: "8080"\n' } },
        reports: "release fintech-payments-api on dev/weu: service.port must be integer",
    },
    "alert-webhook": {
        stack: "dev",
        changes: {
            "tenants/retail.yaml": [
                '  slackChannel: "#retail-oncall"\n',
                '  slackChannel: "#retail-oncall"\n  webhookSecret: retail-hook\n',
            ],
        },
        reports: 'secret "retail-hook" is not configured for team retail in dev',
    },
    "secret-scope": {
        stack: "dev",
        changes: { "values/common.yaml": { append: "token: !secret payments-db-password\n" } },
        reports: "in a values file every team's release receives would hand it to every team",
    },
    "secret-configured": {
        stack: "dev",
        changes: { "tenants/fintech/ledger/values.yaml": { append: "token: !secret ledger-token\n" } },
        reports: 'secret "ledger-token" is not configured for team fintech',
    },
    "chart-lock-usable": {
        stack: "uat",
        changes: { "charts.lock.yaml": ["registry: acrhelmplatformuat.azurecr.io", "registry: acrhelmplatformdev.azurecr.io"] },
        reports: "the digests of uat were read from acrhelmplatformdev.azurecr.io, not acrhelmplatformuat.azurecr.io",
    },
    "chart-digests": {
        stack: "prod.payments",
        changes: { "tenants/fintech.yaml": ["prod: 2.0.3", "prod: 2.0.4"] },
        reports: "fintech/ledger 2.0.4 has no digest in charts.lock.yaml for prod",
    },
};
