/** AKS resource name of a cluster this stack creates: `aks-<environment>-<cluster>`, stable whatever the list order. */
export const aksName = (environment: string, cluster: string) => `aks-${environment}-${cluster}`;
