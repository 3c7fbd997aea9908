import { checkbox, confirm, input, number, select } from '@inquirer/prompts';
import { render } from '@inquirer/testing';
import type { PromptKit } from '../../src/cli/prompts/newApp.ts';

/** One prompt on the (virtual) screen, as @inquirer/testing renders it. */
export type Screen = Awaited<ReturnType<typeof render>>;

const WAIT_MS = 5_000;

/**
 * Real @inquirer/prompts, each rendered by @inquirer/testing on its own streams, so
 * a test can read every question as it appears and answer it with keystrokes.
 */
export interface PromptDriver {
  prompts: PromptKit;
  /** The next prompt shown (waits for it). */
  next(): Promise<Screen>;
  /** Waits for the next prompt, checks its question, types `text` and presses Enter. */
  answer(question: string, text?: string): Promise<Screen>;
  /** Every prompt shown so far. */
  shown: Screen[];
}

export function promptDriver(): PromptDriver {
  const queue: Screen[] = [];
  const waiting: ((screen: Screen) => void)[] = [];
  const shown: Screen[] = [];
  const deliver = (screen: Screen) => {
    shown.push(screen);
    const waiter = waiting.shift();
    if (waiter) waiter(screen);
    else queue.push(screen);
  };
  // Each prompt is passed through render() unchanged; the casts only erase the prompts' generics.
  const drive =
    <P extends (...args: never[]) => unknown>(prompt: P) =>
    async (config: unknown) => {
      const screen = await render(prompt as never, config as never);
      deliver(screen);
      return screen.answer;
    };
  const prompts = {
    input: drive(input),
    number: drive(number),
    confirm: drive(confirm),
    select: drive(select),
    checkbox: drive(checkbox),
  } as unknown as PromptKit;

  const next = () => {
    const ready = queue.shift();
    if (ready) return Promise.resolve(ready);
    return new Promise<Screen>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no prompt appeared within ${WAIT_MS} ms`)), WAIT_MS);
      waiting.push((screen) => {
        clearTimeout(timer);
        resolve(screen);
      });
    });
  };

  const answer = async (question: string, text = '') => {
    const screen = await next();
    const shownText = screen.getScreen();
    if (!shownText.includes(question)) throw new Error(`expected the question "${question}", the screen shows:\n${shownText}`);
    if (text !== '') screen.events.type(text);
    screen.events.keypress('enter');
    return screen;
  };

  return { prompts, next, answer, shown };
}

/**
 * Waits until the prompt shows a validation error (from a line starting with ">" to
 * the end, wrapped lines joined) that contains `reason`.
 */
export async function errorShows(screen: Screen, reason: string): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const shown = screen.getScreen();
    const at = shown.search(/^> /m);
    const error = at < 0 ? '' : shown.slice(at).replace(/\s+/g, ' ');
    if (error.includes(reason)) return error;
    if (Date.now() > deadline) throw new Error(`expected the error "${reason}", the screen shows:\n${screen.getScreen()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Deletes what was typed on the current line (readline's Ctrl-U). */
export function clearLine(screen: Screen): void {
  screen.events.keypress({ name: 'u', ctrl: true });
}

export function pressCtrlC(screen: Screen): void {
  screen.events.keypress({ name: 'c', ctrl: true });
}
