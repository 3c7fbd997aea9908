/** YAML that is not Kubernetes, which every hook the README gives leaves out: each commit of them is accepted. */
export const CI_CONFIGURATIONS: Readonly<Record<string, string>> = {
  '.github/workflows/ci.yaml': 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n',
  '.gitlab-ci.yml': 'test:\n  script: npm test\n',
};
