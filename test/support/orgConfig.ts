/** A config with every section, as the README shows it. */
export const EXAMPLE_CONFIG = `apiVersion: scaffold/v1alpha1
kind: Config
environments:
  alpha:
    awsAccountId: "111111111111"
    kubernetesVersion: "1.30"
    cluster: alpha-apne2
    secretsPathPrefix: /alpha
    oidcProvider: oidc.eks.ap-northeast-2.amazonaws.com/id/A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6
  production:
    awsAccountId: "222222222222"
    kubernetesVersion: "1.30"
    cluster: prod-apne2
    secretsPathPrefix: /production
    oidcProvider: https://oidc.eks.ap-northeast-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E
defaults:
  imageRegistry: 111122223333.dkr.ecr.ap-northeast-2.amazonaws.com
  namespace: shop
  resources: {cpu: 250m, memory: 256Mi}
  secretStore: {kind: ClusterSecretStore, name: aws-parameter-store, refreshInterval: 15m}
skeletons: [platform/skeletons]
validate:
  skip:
    - policy: externalsecret-refresh
      reason: the stores set their own refresh interval
argocd:
  repoURL: https://github.com/example/gitops.git
  targetRevision: main
  project: shop
  syncPolicy:
    automated: {prune: true, selfHeal: true}
  environments:
    alpha: {destination: {name: alpha-apne2}}
    production: {destination: {server: https://prod-apne2.example.com}}
`;
