import type { Amount } from './resources.ts';

/** One pod to place: the unit of bin packing. */
export interface PodItem extends Amount {
  /** Who it belongs to, for messages: `app Kind/name`. */
  owner: string;
}

/** Room on one empty node for the pods being packed. */
export interface NodeRoom extends Amount {
  pods: number;
}

export interface NodeLoad extends Amount {
  pods: number;
}

export type PackResult = { fits: true; nodes: NodeLoad[] } | { fits: false; tooBig: PodItem[] };

/**
 * First-fit decreasing on two dimensions: pods are taken largest first by the larger of
 * their cpu and memory share of a node, and each goes on the first node with room for
 * both (and a free pod slot), opening a node when none has. FFD is not always optimal,
 * but the node count it finds comes with a real placement, so that many nodes do suffice
 * (the scheduler, spreading pods, may use more).
 * A pod bigger than an empty node cannot be placed at all: those are returned instead.
 */
export function firstFitDecreasing(pods: readonly PodItem[], room: NodeRoom): PackResult {
  const tooBig = pods.filter((p) => p.cpuMillis > room.cpuMillis || p.memoryBytes > room.memoryBytes || room.pods < 1);
  if (tooBig.length > 0) return { fits: false, tooBig };

  const share = (p: Amount) => Math.max(room.cpuMillis > 0 ? p.cpuMillis / room.cpuMillis : 0, room.memoryBytes > 0 ? p.memoryBytes / room.memoryBytes : 0);
  // Array.prototype.sort is stable, so equal pods keep their input order and the result is deterministic.
  const ordered = [...pods].sort((a, b) => share(b) - share(a));
  const nodes: NodeLoad[] = [];
  for (const pod of ordered) {
    let node = nodes.find((n) => n.pods < room.pods && n.cpuMillis + pod.cpuMillis <= room.cpuMillis && n.memoryBytes + pod.memoryBytes <= room.memoryBytes);
    if (!node) {
      node = { cpuMillis: 0, memoryBytes: 0, pods: 0 };
      nodes.push(node);
    }
    node.cpuMillis += pod.cpuMillis;
    node.memoryBytes += pod.memoryBytes;
    node.pods += 1;
  }
  return { fits: true, nodes };
}
