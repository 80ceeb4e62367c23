// Worker-thread entry of the KB index build (see build.ts). Plain JavaScript so that Node can
// start it whatever loader the desk runs under; it registers tsx to load the TypeScript core.
import { register } from "tsx/esm/api";
register();
await import("./build-worker.ts");
