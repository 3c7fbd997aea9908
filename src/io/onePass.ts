/**
 * V8 tuned for a run that reads its inputs once. Most of what V8's
 * optimising compiler does in such a run is compile code with little left
 * to run, and large functions inlined into each other made those compiles
 * cost more than they saved: with small ones only, on one core, `validate`
 * spends 9% less CPU on 10,000 documents and 17% less on 50,000, and
 * `render` of 1,000 apps about 15% less (docs/performance.md).
 *
 * The CLI sets it, not for a `validate` of a few files (the pre-commit
 * hook): a flag set once Node has started makes every Node module loaded
 * after it compile without the code cache Node ships them with, some 5 ms of
 * a 100 ms cold start. V8 counts its flags in the check of a compiled form,
 * so the validator cache keeps the forms made with it apart (onePassTag).
 */
import { setFlagsFromString } from 'node:v8';

let tuned = false;

export function tuneForOnePass(): void {
  setFlagsFromString('--max-inlined-bytecode-size-cumulative=200');
  tuned = true;
}

/** Part of the name of what V8 made under this process's flags: '' unless tuneForOnePass was called. */
export function onePassTag(): string {
  return tuned ? '-one-pass' : '';
}
