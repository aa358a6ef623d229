// Helpers for the test objects (a file starting with "_" is not an object): run a probe and
// report the error message it throws, or "accepted".

export function errorOf(run: () => unknown): string {
  try {
    run();
    return "accepted";
  } catch (error) {
    return (error as Error).message;
  }
}

export async function attempt(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "accepted";
  } catch (error) {
    return (error as Error).message;
  }
}
