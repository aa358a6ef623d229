// Shared by the planner object and the Node test that reads its log (plain types, no imports).

/** One scheduled callback (or alarm) as the planner recorded it. */
export interface Fired {
  method: string;
  payload: unknown;
  name: string;
  label: string;
  attempts: number;
  at: number;
}
