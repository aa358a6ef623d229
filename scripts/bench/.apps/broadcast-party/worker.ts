import { Server } from "partyserver";

// The partyserver side of the broadcast benchmark: what its documentation shows for a room that
// relays each message to everyone, with hibernation on (as dorm always has it).
export class PartyFanout extends Server {
  static override options = { hibernate: true };

  override onMessage(_connection: unknown, message: string | ArrayBuffer): void {
    this.broadcast(message);
  }
}

export default {
  fetch(request: Request, env: { PARTY_FANOUT: DurableObjectNamespace<PartyFanout> }): Promise<Response> {
    const name = new URL(request.url).searchParams.get("room") ?? "bench";
    return env.PARTY_FANOUT.getByName(name).fetch(request);
  },
};
