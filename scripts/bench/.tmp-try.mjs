import { runRpc } from "./rpc.mjs";
let t = Date.now();
const r = await runRpc({ storage: "memory", calls: 20000, rounds: 6, warmup: 2000, methods: ["increment", "get"], log: console.log });
for (const x of r) console.log(x.method, x.dorm.rawInside.join(","), "|", x.hand.rawInside.join(","), x.ratioWall.toFixed(3));
console.log(Date.now() - t);
