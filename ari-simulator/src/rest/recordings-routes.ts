import type { FastifyInstance, FastifyRequest } from "fastify";
import type { AriContext } from "./context.js";

type RecordingRequest = FastifyRequest<{ Params: { recordingName: string } }>;

/** The `/ari/recordings/live` operations of the simulator's `recordings` listing. */
export function registerRecordingRoutes(app: FastifyInstance, { recordings }: AriContext): void {
  app.get("/ari/recordings/live/:recordingName", async (request: RecordingRequest) =>
    recordings.get(request.params.recordingName),
  );

  app.post("/ari/recordings/live/:recordingName/stop", async (request: RecordingRequest, reply) => {
    recordings.stop(request.params.recordingName);
    return reply.code(204).send();
  });
}
