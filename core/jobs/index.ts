export { JobRunner, type JobContext, type JobHandler, type JobRunnerOptions } from "./runner.ts";
