export { createTestApp } from "./app.js";
export type { TestApp, TestAppOptions } from "./app.js";
export { TestObjectId } from "./objects.js";
export type { TestAccessors, TestNamespace, TestStub } from "./objects.js";
export type { AlarmRun } from "./alarms.js";
export { TestSocket } from "./socket.js";
export type { CloseInfo, SocketMessage } from "./socket.js";
