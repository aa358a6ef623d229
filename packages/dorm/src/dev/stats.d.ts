/** Calls kept per instance for latency and health. */
export declare const RECENT_CALLS = 256;
export interface CallSample {
    ms: number;
    ok: boolean;
}
export type Health = "ok" | "degraded" | "failing" | "idle";
export interface InstanceStats {
    sockets: number;
    storageKeys: number;
    schedules: number;
    alarm: boolean;
}
export interface ClassStatus {
    /** Class name (`ChatRoom`). */
    class: string;
    /** Accessor (`chatRoom`). */
    object: string;
    /** Instances that handled an event recently or hold open WebSockets. */
    instances: number;
    connections: number;
    storageKeys: number;
    alarms: number;
    schedules: number;
    calls: number;
    errors: number;
    latencyMs: {
        avg: number;
        p99: number;
    } | null;
    health: Health;
    /** Instances whose stats could not be read, with the reason. */
    unreachable: {
        name: string;
        error: string;
    }[];
}
/** What `GET /__dorm/status` answers. */
export interface StatusBoard {
    at: number;
    classes: ClassStatus[];
}
/** Nearest-rank percentile of an ascending list. */
export declare function percentile(sorted: readonly number[], p: number): number;
export declare function latency(samples: readonly CallSample[]): ClassStatus["latencyMs"];
/** ok: no recent errors; degraded: some; failing: most recent calls (or a stats read) failed. */
export declare function health(samples: readonly CallSample[], unreachable: number): Health;
/** One ring buffer of recent calls. */
export declare class CallRing {
    #private;
    readonly samples: CallSample[];
    total: number;
    errors: number;
    add(sample: CallSample): void;
}
//# sourceMappingURL=stats.d.ts.map