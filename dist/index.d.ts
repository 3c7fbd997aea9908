/**
 * A finding about an input or an output. Everything that checks something
 * (spec loading, schema validation, policies, kustomization checks) returns
 * these instead of throwing, so one reporter can print them all.
 */
export type Severity = "error" | "warning";
/**
 * Every rule a user may turn off (`--skip-policy`, the organisation config) or
 * exempt an object from (`ignore-check.scaffold.dev/<id>`): the policies, then
 * the API server checks. The one list of these ids.
 */
export declare const POLICY_IDS: readonly [
	"qos-guaranteed",
	"istio-proxy-guaranteed",
	"irsa-role-arn",
	"no-plain-secret",
	"externalsecret-refresh",
	"pod-security-restricted",
	"object-name",
	"label-syntax",
	"annotation-syntax",
	"selector-match",
	"container-name",
	"container-port-name",
	"container-port-duplicate",
	"env-duplicate",
	"volume-mount",
	"resource-requirements",
	"service-ports",
	"ingress-path",
	"cronjob-schedule",
	"service-target-port"
];
export type PolicyId = (typeof POLICY_IDS)[number];
/** What produced a finding. */
export type Rule = "usage" | "input" | "read" | "syntax" | "spec" | "config" | "skeleton" | "user-patch" | "schema" | "missing-schema" | "removed-api" | "unserved-api" | "deprecated-api" | "kustomization" | "json-patch" | "exemption" | "build" | "openapi" | "crd" | "hand-edited" | "not-generated" | "conflict" | "outside-root" | "link" | "output" | "adopt" | "migrate" | "capacity" | "overlay" | "prices" | "internal" | PolicyId;
export interface Issue {
	severity: Severity;
	rule: Rule;
	message: string;
	/** File the finding is about, as given by the user (or the planned output path). */
	file?: string;
	/** 1-based line and column of the offending node, where known. */
	line?: number;
	column?: number;
	/** Line where the Kubernetes object the finding is about starts (its document, or its item of a List). */
	documentLine?: number;
	/** Field path in dot/bracket notation: `spec.template.spec.containers[0].image`. */
	path?: string;
	apiVersion?: string;
	kind?: string;
	name?: string;
}
export interface Exemption<F> {
	rule: string;
	reason: string;
	/** The findings it kept from failing the object. */
	findings: F[];
}
/**
 * What one object gives a rule across objects: small, since it is kept until
 * the whole input is read. Only the policy that gathered it reads its fields.
 */
export interface InputFact {
	policy: PolicyId;
	/** A finding may come on this object, so its verdict waits for the end of the input. */
	awaits: boolean;
}
/** What a Kubernetes document says about itself, for issues and reports. */
export interface DocumentIdentity {
	apiVersion?: string;
	kind?: string;
	name?: string;
	namespace?: string;
}
/** kubeconform's statuses: valid, invalid (against its schema or a policy), error (could not be judged), skipped, empty. */
export type ResourceStatus = "valid" | "invalid" | "error" | "skipped" | "empty";
/** The verdict on one Kubernetes object (a document, or an item of a List), or on a file that could not be read as YAML. */
export interface ResourceResult extends DocumentIdentity {
	file: string;
	/** Line where the object starts (for a file-level error, the error's line). */
	line?: number;
	status: ResourceStatus;
	/** Everything found, errors and warnings; a valid object may carry warnings. */
	issues: Issue[];
	/** Why a skipped object was skipped. */
	reason?: string;
	/** The rules the object exempts itself from (ignore-check.scaffold.dev/<id>), with their reasons and the findings they kept from failing it. */
	exemptions?: Exemption<Issue>[];
	/** What the object gives the policies across objects; the caller judges them once the input is read. */
	facts?: InputFact[];
}
/** What the scheduler may place on one node, and what was held back to get there. */
export interface Allocatable {
	cpuMillis: number;
	memoryBytes: number;
	/** kubelet maxPods. */
	pods: number;
	/** The memory the kubelet reports as capacity (MiB), before reservations. */
	capacityMemoryMiB: number;
	kubeReserved: {
		cpuMillis: number;
		memoryMiB: number;
	};
	evictionHardMemoryMiB: number;
}
/** An amount of cpu and memory in integer units, so sums and comparisons are exact. */
export interface Amount {
	cpuMillis: number;
	memoryBytes: number;
}
/** What one pod asks for and may use: the effective pod request and limit. */
export interface PodResources {
	requests: Amount;
	limits: Amount;
}
/** Room on one empty node for the pods being packed. */
export interface NodeRoom extends Amount {
	pods: number;
}
export interface RegionPrices {
	source?: string;
	asOf?: string;
	/** USD per instance-hour, in millionths of a dollar so that every sum is exact. */
	microDollarsPerHour: Record<string, number>;
	/** Why some types have no price here, when the table says. */
	unsourcedNote?: string;
}
/** Something that runs pods: how many, where, and what each pod holds. */
export interface Workload {
	/** The app it belongs to (the app spec's name, or the app.kubernetes.io/name label). */
	app: string;
	kind: string;
	name: string;
	namespace?: string;
	/** Pods it runs (the most, when an autoscaler scales it); for a per-node workload, pods on each node. */
	replicas: number;
	/** The fewest pods it runs, when a HorizontalPodAutoscaler scales it. */
	minReplicas?: number;
	/** A DaemonSet: one pod on every node, so it counts once per node. */
	perNode: boolean;
	/** What one pod holds, the Istio proxy injected into it included. */
	pod: PodResources;
}
/** An app's sums: pods it runs across the cluster, and pods it runs on every node. */
export interface AppTotals {
	app: string;
	workloads: Workload[];
	/** At the most pods (autoscaled workloads at maxReplicas): what the cluster is sized for. */
	cluster: Sums;
	perNode: Sums;
	/** The cluster's pods at their fewest (autoscaled workloads at minReplicas). */
	floor: Sums;
}
export interface Sums {
	pods: number;
	requests: Amount;
	limits: Amount;
}
export interface InstanceTypeResult {
	instanceType: string;
	allocatable: Allocatable;
	/** What an empty node has left for the apps' pods after headroom and the per-node pods. */
	room: NodeRoom;
	/** Nodes needed; null when some pod fits no node of this type. */
	nodes: number | null;
	/** Nodes needed with autoscaled workloads at their fewest pods (equal to nodes without autoscalers). */
	nodesAtFloor: number | null;
	/** Pods bigger than an empty node's room, one per workload. */
	tooBig: {
		owner: string;
		cpuMillis: number;
		memoryBytes: number;
	}[];
	/** Sum of limits (per-node pods included) over the allocatable of the nodes needed. */
	limitShare: {
		cpu: number;
		memory: number;
	} | null;
	microDollarsPerHour: number | null;
	monthlyCostCents: number | null;
	monthlyCostCentsAtFloor: number | null;
	/** Lowest monthly cost of the types compared (all of them, when several tie). */
	cheapest: boolean;
}
export interface EnvironmentReport {
	environment: string;
	apps: AppTotals[];
	total: {
		cluster: Sums;
		perNode: Sums;
		floor: Sums;
	};
	instanceTypes: InstanceTypeResult[];
}
/** What the numbers were computed under, repeated in every section so a pasted table says it. */
export interface ReportContext {
	region: string;
	hoursPerMonth: string;
	/** Share of each node kept free, in basis points. */
	headroomBasisPoints: number;
	/** The price file, for the note on types it has no price for. */
	pricesFile: string;
	unsourcedNote?: string;
}
/**
 * What a use case returns: its result when it got that far, and every finding
 * on the way (warnings beside a result, errors instead of one). Expected
 * failures are issues, never exceptions; an exception is a bug.
 */
export interface Outcome<T> {
	result?: T;
	issues: Issue[];
}
export interface GatheredEnvironment {
	name: string;
	workloads: Workload[];
	/** Apps that have no such environment (app specs only). */
	appsWithout: string[];
}
export interface CapacityResult {
	reports: EnvironmentReport[];
	environments: GatheredEnvironment[];
	context: ReportContext;
	prices: RegionPrices;
}
/** What bringing one file in line with the plan takes. */
export interface FileChange {
	/** Path relative to the gitops root. */
	path: string;
	action: "create" | "update" | "unchanged" | "delete";
	/** Planned content (absent for deletions). */
	content?: string;
	/** Content on disk now (absent for creations); with U+FFFD for each bad byte where `notUtf8`. */
	current?: string;
	/** The file on disk is not UTF-8, which scaffold never writes: it is never current, and at least a hand edit. */
	notUtf8?: true;
	/**
	 * Why the change may not be made without --force: the file on disk was edited by
	 * hand since scaffold wrote it, or scaffold never wrote it.
	 */
	conflict?: "hand-edited" | "not-generated";
	/** For a deletion: the highest folder to remove as well when the deletion leaves it empty (its own folder when absent). */
	emptiedUpTo?: string;
}
/** The files of a `render --check` that are not what the app specs produce. */
export interface Drift {
	/** Generated files whose content differs from what the spec produces now. */
	changed: string[];
	/** Files the spec produces that do not exist. */
	missing: string[];
	/** Generated files the spec no longer produces (for example a removed environment). */
	stale: string[];
	/** Generated files edited by hand since scaffold wrote them (also listed above). */
	handEdited: string[];
	/** Files where a generated file belongs that scaffold did not write (also in changed). */
	notGenerated: string[];
}
export interface WriteSummary {
	created: string[];
	updated: string[];
	deleted: string[];
	unchanged: number;
}
export interface RenderResult {
	apps: number;
	/** The organisation config the apps were resolved with, as shown; null without one. */
	config: string | null;
	written: WriteSummary;
}
export interface CheckResult {
	apps: number;
	config: string | null;
	/** Every planned file and stale file, unchanged ones included, for a diff. */
	changes: FileChange[];
	drift: Drift;
	/** Files not what the specs produce: nothing to do when 0. */
	driftCount: number;
}
/** The apps of a gitops root, as `render` and `render --check` take them. */
export interface AppsRequest {
	/** The gitops root: apps live in `apps/<name>/app.yaml` below it (`--root`). */
	root: string;
	/** app.yaml files, app folders or folders of app folders; default: every app of the root. */
	apps?: readonly string[];
	/** The folder relative paths are taken from; default: the process's working folder. */
	cwd?: string;
	/** Skeleton folders searched before the organisation config's and the built-in ones (`--skeletons`). */
	skeletonDirs?: readonly string[];
	/** Schema folders (from `scaffold schemas import`) searched before the built-in schemas (`--schemas`). */
	schemaDirs?: readonly string[];
	/** A bundled Kubernetes minor, such as `1.33`, for every environment (`--kubernetes-version`). */
	kubernetesVersion?: string;
	/** Accept rendered kinds that have no schema (`--ignore-missing-schemas`); the check validates as render does. */
	ignoreMissingSchemas?: boolean;
}
export interface RenderAppsRequest extends AppsRequest {
	/** Overwrite files edited by hand and files scaffold did not generate (`--force`). */
	force?: boolean;
}
/** `scaffold render`: renders the apps and writes what changed; writes nothing when anything is wrong. */
export declare function renderApps(request: RenderAppsRequest): Outcome<RenderResult>;
/**
 * `scaffold render --check`: how the files on disk differ from what the app specs produce, or what
 * `renderApps` would refuse to write (the same validation); writes nothing.
 */
export declare function checkApps(request: AppsRequest): Outcome<CheckResult>;
/** How `validate` judges, as its flags say. */
export interface ValidationSettings {
	/** Schema folders searched before the built-in schemas (`--schemas`). */
	schemaDirs?: readonly string[];
	/** A bundled Kubernetes minor (`--kubernetes-version`); see `validateFiles` and `validateDocuments` for the default. */
	kubernetesVersion?: string;
	/** Policies to turn off, by id (`--skip-policy`); the organisation config's `validate.skip` applies too. */
	skipPolicies?: readonly string[];
	/** Check against the schemas only, every policy off (`--schema-only`). */
	schemaOnly?: boolean;
	/** Skip objects whose apiVersion/kind has no schema instead of failing them (`--ignore-missing-schemas`). */
	ignoreMissingSchemas?: boolean;
	/** Skip objects of these kinds: `Kind` or `apiVersion/Kind` (`--skip`). */
	skipKinds?: readonly string[];
	/** The folder relative paths are taken from, and where `.scaffold.yaml` is looked for upwards; default: the process's working folder. */
	cwd?: string;
}
export interface ValidateFilesRequest extends ValidationSettings {
	/** Files, and folders searched for `*.yaml`, `*.yml` and `Kustomization` files. */
	paths: readonly string[];
	/** Leave out files whose shown path matches (`--ignore-filename-pattern`). */
	ignore?: readonly RegExp[];
	/** Skeleton folders render is given (`--skeletons`): an app.yaml is judged against the skeletons render would use. */
	skeletonDirs?: readonly string[];
}
/** What `validate --summary` counts. */
export interface ValidationSummary {
	/** Objects found: valid, invalid, errors and skipped (empty documents are no objects). */
	resources: number;
	files: number;
	valid: number;
	invalid: number;
	errors: number;
	skipped: number;
	empty: number;
	warnings: number;
	/** Whether anything is invalid or could not be judged: the CLI's exit code 1. */
	failed: boolean;
}
export interface ValidateFilesResult {
	/** One result per object (and per file that could not be read), in the order the CLI lists them. */
	resources: ResourceResult[];
	summary: ValidationSummary;
}
/**
 * `scaffold validate PATH...`: every document of every file. A file of an app's overlay is checked
 * against its environment's Kubernetes version, a file of its base against each environment's, any
 * other file against the newest bundled one, unless `kubernetesVersion` says otherwise. An app.yaml
 * where render reads it (`apps/<name>/app.yaml`) is judged by render's spec check, as render judges it.
 * Findings are in each resource's `issues`; the outcome's own issues are usage errors.
 */
export declare function validateFiles(request: ValidateFilesRequest): Outcome<ValidateFilesResult>;
export interface ValidateDocumentsRequest extends ValidationSettings {
	/** The text of one YAML file: any number of documents. */
	text: string;
	/** The file name issues give; a `kustomization.yaml` (or `.yml`, or `Kustomization`) is read as a kustomization. */
	file: string;
}
/**
 * `validate` of YAML a program holds, as `scaffold validate -` reads standard input: every object
 * judged against the schemas of `kubernetesVersion` (default: the newest bundled minor) and the
 * policies. The organisation config is not read, but for an app spec (kind: App): that is judged
 * as `render` would judge it were it an app's app.yaml, with the skeletons and the config found
 * from `cwd`. Findings are in each resource's `issues`.
 */
export declare function validateDocuments(request: ValidateDocumentsRequest): Outcome<ResourceResult[]>;
export interface PlanCapacityRequest {
	/** The gitops root (`--root`). */
	root: string;
	/** app.yaml files or app folders to size; default: every app of the root. */
	apps?: readonly string[];
	/** Rendered YAML files or folders to size instead of app specs (`--manifests`). */
	manifests?: readonly string[];
	/** The folder relative paths are taken from; default: the process's working folder. */
	cwd?: string;
	skeletonDirs?: readonly string[];
	/** One environment; default: every environment found, a report each (`--env`). */
	env?: string;
	/** Instance types to compare; default: every type scaffold knows (`--instance-type`). */
	instanceTypes?: readonly string[];
	/** Share of each node kept free, from 0 to under 1; default 0 (`--headroom`). */
	headroom?: number;
	/** Hours in a month, at most 2 decimals; default 730 (`--hours`). */
	hoursPerMonth?: number;
	/** Region whose on-demand prices to use; default `us-east-1` (`--region`). */
	region?: string;
	/** A price table in the format of the shipped data/prices.json (`--prices`). */
	pricesFile?: string;
	/** A bundled Kubernetes minor (`--kubernetes-version`). */
	kubernetesVersion?: string;
}
/** `scaffold capacity`: each environment's workloads sized against every instance type, with prices. */
export declare function planCapacity(request: PlanCapacityRequest): Outcome<CapacityResult>;
/** The Kubernetes minors whose schemas are bundled, oldest first: the values `kubernetesVersion` takes. */
export declare function bundledKubernetesVersions(): string[];

export {};
