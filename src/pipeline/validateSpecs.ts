/**
 * The app specs among validate's inputs, judged by render's spec check
 * (specCheck.ts), so that the pre-commit hook refuses whatever CI's
 * `render --check` would refuse of a spec, in the same words, at the same
 * line and column: an app.yaml where render reads it
 * (`<root>/apps/<name>/app.yaml`) with all render knows of it, its folder
 * included; an App document anywhere else (another file, standard input)
 * on its own, with a warning where it is in a file, since render does not
 * read it.
 */
import { dirname, join, relative, resolve } from 'node:path';
import { appDirOf } from '../appSpec/layout.ts';
import { linkIssue, PathKinds } from '../io/pathKinds.ts';
import { userFileRefs } from '../render/userFiles.ts';
import { identityOf, type AppSpecCheck } from '../validate/documents.ts';
import { statusOf, type ResourceResult } from '../validate/manifests.ts';
import { hasErrors, type Issue } from '../vocabulary/issue.ts';
import { isMapping } from '../yamlSource/mapping.ts';
import { parseYamlStream } from '../yamlSource/parse.ts';
import { toPosix } from '../vocabulary/posixPath.ts';
import { quickLoad } from '../yamlSource/quickLoad.ts';
import { ingressGroupIssues, ingressNeighbours, type JudgedSpec } from './ingressGroupCheck.ts';
import { checkSpecAlone, checkSpecText, openSpecSetting, renderPlaceOf, userFileLinkIssues, type SpecSetting } from './specCheck.ts';

export interface SpecJudgeOptions {
  cwd: string;
  /** `--skeletons` folders, relative to `cwd`: searched before the config's and the built-in ones, as by render. */
  skeletonDirs: readonly string[];
  /** `--skip`: objects of these kinds are skipped, app specs too. */
  skipKinds: ReadonlySet<string>;
}

/** What render does not read of a spec outside its place, said beside what the check finds. */
export const NOT_READ_BY_RENDER =
  "render reads an app's spec only as apps/<name>/app.yaml of the gitops root, not here: checked on its own, without what its app folder would tell (metadata.name against the folder's name, the files it lists)";

export class AppSpecJudge {
  private readonly settings = new Map<string, { setting?: SpecSetting; issues: Issue[] }>();
  private readonly waiting: ResourceResult[] = [];
  private readonly reported = new Set<string>();
  private readonly neighbours = new Map<string, JudgedSpec[]>();
  private readonly kinds = new Map<string, PathKinds>();
  private input: string | undefined;
  private readonly skeletonDirs: string[];

  constructor(private readonly options: SpecJudgeOptions) {
    this.skeletonDirs = options.skeletonDirs.map((dir) => resolve(options.cwd, dir));
  }

  /**
   * The verdict on an input render reads as an app's spec, `<root>/apps/<name>/app.yaml` (`absolute`):
   * render's, with validate's identity of the object on each finding about it. Undefined for any
   * other input, and for an app.yaml in that place that holds Kubernetes objects and no App (an
   * Argo CD Application kept in an apps/ folder of a repository scaffold does not render): those
   * are manifests.
   */
  judgeInPlace(absolute: string | undefined, text: string, display: string): ResourceResult | undefined {
    const place = absolute === undefined ? undefined : renderPlaceOf(absolute);
    if (place === undefined) return undefined;
    const documents = documentsOf(text);
    if (!holdsAppSpec(documents)) return undefined;
    const document = documents.find((d) => d.value !== null);
    const line = document?.start.line ?? 1;
    const skipped = this.skipped(document?.value);
    if (skipped !== undefined) return { file: display, line, ...skipped };
    const opened = this.settingFor(place.root);
    if (opened.setting === undefined) return notJudged(display, line);
    const kinds = this.kindsIn(place.root);
    const shown = (issue: Issue): Issue => (issue.file === undefined ? issue : { ...issue, file: issue.file === place.specPath ? display : this.shownPath(place.root, issue.file) });
    // render reads no spec through a link, and says so of the link.
    const link = kinds.linkOnTheWay(place.specPath);
    if (link !== undefined) {
      const issues = [shown(linkIssue(kinds, link))];
      return { file: display, line, ...definedOnly(identityOf(document?.value)), status: statusOf(issues), issues };
    }
    const loaded = checkSpecText(text, place, opened.setting);
    const app = hasErrors(loaded.issues) ? undefined : loaded.resolved?.app;
    if (app?.spec.ingress !== undefined) {
      const neighbours = this.neighboursIn(place.root, opened.setting).filter((s) => s.specPath !== place.specPath);
      loaded.issues.push(...ingressGroupIssues([{ specPath: place.specPath, text, app }], neighbours));
    }
    if (app !== undefined && !hasErrors(loaded.issues)) loaded.issues.push(...userFileLinkIssues(kinds, place.specPath, userFileRefs(app, appDirOf(place.specPath))));
    const id = definedOnly(identityOf(loaded.resolved?.spec ?? document?.value));
    const issues = loaded.issues.map((issue): Issue => ({ ...shown(issue), ...(issue.kind === 'App' ? { ...id, documentLine: line } : {}) }));
    return { file: display, line, ...id, status: statusOf(issues), issues };
  }

  /**
   * How the App documents of an input render does not read as a spec are judged, for the input
   * `reading` last named. One function for every input: the options validate hands each file are
   * made once per Kubernetes minor, and a function (or an options object) made per file slowed the
   * judging of every object by a sixth (V8 no longer inlined it).
   */
  readonly aloneCheck: AppSpecCheck = (value, source) => {
    const absolute = this.input;
    const opened = this.settingFor(absolute === undefined ? this.options.cwd : dirname(absolute));
    const at = source.locate?.([]) ?? { line: 1, column: 1 };
    if (opened.setting === undefined) return [{ severity: 'error', rule: 'config', file: source.file, kind: 'App', ...at, message: NOT_JUDGED }];
    const found = checkSpecAlone(value, opened.setting, source);
    // Standard input is in no place: nothing to say of where it is.
    if (absolute === undefined) return found;
    return [...found, { severity: 'warning', rule: 'spec', file: source.file, kind: 'App', ...at, message: NOT_READ_BY_RENDER }];
  };

  /** The input whose App documents aloneCheck judges next: its absolute path, none for standard input. */
  reading(absolute: string | undefined): void {
    this.input = absolute;
  }

  /** What opening a repository's setting found that belongs to no input (its skeleton.yaml problems, its config's), each once. */
  takeWaiting(): ResourceResult[] {
    return this.waiting.splice(0);
  }

  private kindsIn(root: string): PathKinds {
    let kinds = this.kinds.get(root);
    if (kinds === undefined) {
      kinds = new PathKinds(root);
      this.kinds.set(root, kinds);
    }
    return kinds;
  }

  /** A path of the root `root` as validate shows its inputs: from the folder it runs in. */
  private shownPath(root: string, file: string): string {
    return toPosix(relative(this.options.cwd, join(root, file))) || '.';
  }

  /** The apps of a root with an ingress, read once: the group of an app validate is given may hold apps it is not given. */
  private neighboursIn(root: string, setting: SpecSetting): JudgedSpec[] {
    let neighbours = this.neighbours.get(root);
    if (neighbours === undefined) {
      neighbours = ingressNeighbours(root, new Set(), setting);
      this.neighbours.set(root, neighbours);
    }
    return neighbours;
  }

  private skipped(value: unknown): Pick<ResourceResult, 'status' | 'reason' | 'issues'> | undefined {
    const { apiVersion, kind } = identityOf(value);
    if (kind === undefined || !(this.options.skipKinds.has(kind) || this.options.skipKinds.has(`${apiVersion}/${kind}`))) return undefined;
    return { status: 'skipped', reason: `--skip ${kind}`, issues: [] };
  }

  private settingFor(dir: string): { setting?: SpecSetting; issues: Issue[] } {
    let opened = this.settings.get(dir);
    if (opened !== undefined) return opened;
    opened = openSpecSetting(dir, this.skeletonDirs, this.options.cwd);
    this.settings.set(dir, opened);
    const byFile = new Map<string, Issue[]>();
    for (const issue of opened.issues) byFile.set(issue.file ?? '', [...(byFile.get(issue.file ?? '') ?? []), issue]);
    // Another root may see the same config and skeletons: each file's problems are said once.
    for (const [file, issues] of byFile) {
      if (this.reported.has(file)) continue;
      this.reported.add(file);
      this.waiting.push({ file, line: issues[0]!.line ?? 1, status: statusOf(issues), issues });
    }
    return opened;
  }
}

const NOT_JUDGED = 'not judged: render stops on the problems of the organisation config (.scaffold.yaml) reported here';

function notJudged(file: string, line: number): ResourceResult {
  return { file, line, status: 'error', issues: [{ severity: 'error', rule: 'config', file, line, column: 1, message: NOT_JUDGED }] };
}

type Documents = readonly { value: unknown; start: { line: number; column: number } }[];

/** The documents of a text as render reads them, quickly where it can. */
function documentsOf(text: string): Documents {
  return quickLoad(text) ?? parseYamlStream(text, 'app.yaml').documents;
}

/** Whether a text is an app spec to render: it holds an App (or anything of scaffold's), or no Kubernetes object at all (render says what is wrong with it). */
function holdsAppSpec(documents: Documents): boolean {
  const objects = documents
    .map((d) => d.value)
    .filter((v): v is Record<string, unknown> => isMapping(v) && typeof v['apiVersion'] === 'string' && typeof v['kind'] === 'string');
  return objects.length === 0 || objects.some((v) => v['kind'] === 'App' || (v['apiVersion'] as string).startsWith('scaffold/'));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
