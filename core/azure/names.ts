/** AKS resource name of a cluster this stack creates: `aks-<environment>-<cluster>`, stable whatever the list order. */
export const aksName = (environment: string, cluster: string) => `aks-${environment}-${cluster}`;

/** GitHub Actions' OIDC token issuer, and the audience Entra ID expects for federated credentials. */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const ENTRA_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/**
 * The subject of a GitHub Actions OIDC token of a job in an environment, with the default subject
 * template: what a federated credential must name exactly.
 * @see https://docs.github.com/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims
 */
export const githubEnvironmentSubject = (repository: string, environment: string) => `repo:${repository}:environment:${environment}`;
