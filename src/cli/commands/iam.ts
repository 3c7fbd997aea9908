/** `scaffold iam`: the IAM trust policy of an app's role, around src/pipeline/iam.ts. */
import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { roleTrust, type IamResult } from '../../pipeline/iam.ts';
import type { Runner } from '../exit.ts';
import { printOutcome, type ResultView } from '../output/printer.ts';
import type { Streams } from '../output/streams.ts';

interface IamOptions {
  env: string;
  root: string;
  oidcProvider?: string;
  output: 'text' | 'json';
}

const EXAMPLES = `
The policy covers every environment whose role ARN is the same one, of this
app (environments in one AWS account share the role) and of every other app
under apps/ that names the role, so applying it never locks another out.

Examples:
  scaffold iam checkout --env production > trust.json
  aws iam create-role --role-name checkout --assume-role-policy-document file://trust.json
  aws iam update-assume-role-policy --role-name checkout --policy-document file://trust.json
  scaffold iam checkout --env alpha --oidc-provider oidc.eks.ap-northeast-2.amazonaws.com/id/EXAMPLE
  scaffold iam checkout --env production -o json | jq .policy`;

export function registerIam(program: Command, run: Runner, streams: Streams): void {
  program
    .command('iam')
    .description("Print the IAM trust policy of an app's role in an environment (IRSA or EKS Pod Identity), as JSON ready for Terraform or the console.")
    .argument('<app>', 'app name (apps/<name>/app.yaml under --root), or its folder or app.yaml')
    .requiredOption('--env <name>', 'environment whose role to print')
    .option('--root <dir>', 'gitops repository root', '.')
    .option('--oidc-provider <issuer>', "the cluster's OIDC issuer for IRSA in --env, instead of environments.<env>.oidcProvider in .scaffold.yaml")
    .addOption(new Option('-o, --output <format>', 'text: the policy on stdout, what it is on stderr; json: {ok, roleArn, environments, sharedWith, policy, ...}').choices(['text', 'json']).default('text'))
    .addHelpText('after', EXAMPLES)
    .action((app: string, options: IamOptions) => run(() => iam(app, options, streams), options.output));
}

export function iam(app: string, options: IamOptions, streams: Streams): number {
  const outcome = roleTrust({
    root: resolve(streams.cwd, options.root),
    cwd: streams.cwd,
    app,
    env: options.env,
    ...(options.oidcProvider === undefined ? {} : { oidcProvider: options.oidcProvider }),
  });
  return printOutcome(outcome, options.output, streams, POLICY, 'no policy printed');
}

const POLICY: ResultView<IamResult> = {
  json: (r) => ({ app: r.app, environment: r.environment, kind: r.kind, roleArn: r.roleArn, environments: r.environments, sharedWith: r.sharedWith, policy: r.policy }),
  text(r, out, err) {
    // stdout is the document alone, so `> trust.json` is a file IAM takes.
    out.write(`${JSON.stringify(r.policy, null, 2)}\n`);
    const how = r.kind === 'podIdentity' ? `EKS Pod Identity on cluster ${r.cluster}` : 'IRSA';
    const others = r.environments.filter((e) => e !== r.environment);
    const serves = [...others, ...r.sharedWith.map((app) => `app ${app}`)];
    const shared = serves.length > 0 ? `; the role also serves ${serves.join(', ')}, so the policy covers them too` : '';
    err.write(`Trust policy of ${r.roleArn} (${r.app} in ${r.environment}, ${how}${shared}). Create the role with: aws iam create-role --role-name ${r.roleName} --assume-role-policy-document file://trust.json\n`);
  },
};
