import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../articles/context";
import { requireAdmin } from "../http/admin-auth";
import { HttpError } from "../http/errors";
import { noStore } from "../http/no-store";
import { publishDeps } from "../publish/deps";
import { PublishFailures } from "../publish/failures";
import { message } from "../publish/jobs";
import { sendJobs } from "../publish/queue";
import { ROUTES } from "../site/urls";
import { listLimit } from "./list-limit";

const LimitSchema = v.object({ limit: listLimit(500, 100) });

/** The failure named in the path, or a 404 that says so. */
async function failureOf(failures: PublishFailures, jobId: string) {
  const failure = await failures.get(jobId);
  if (!failure) throw HttpError.json(404, "publish job not found", [`no failed publish job has the id ${jobId}`]);
  return failure;
}

/**
 * Admin: what publishing could not do. `GET /api/publish/failures` lists the jobs being retried
 * and those dead-lettered, newest first; `POST …/:jobId/retry` sends one to the queue again
 * (with fresh tries) and `DELETE …/:jobId` dismisses it.
 */
export const publishApi = new Hono<AppEnv>()
  .use(ROUTES.publishFailures, noStore(), requireAdmin())
  .use(`${ROUTES.publishFailures}/*`, noStore(), requireAdmin())
  .get(ROUTES.publishFailures, async (c) => {
    const query = v.safeParse(LimitSchema, c.req.query());
    if (!query.success)
      throw HttpError.json(
        400,
        "invalid query",
        query.issues.map((issue) => issue.message),
      );
    const failures = new PublishFailures(c.var.db);
    const [list, counts] = await Promise.all([failures.list(query.output.limit), failures.counts()]);
    return c.json({ ...counts, failures: list });
  })
  .post(ROUTES.publishFailureRetry, async (c) => {
    const failures = new PublishFailures(c.var.db);
    const failure = await failureOf(failures, c.req.param("jobId"));
    const again = message(failure.job);
    try {
      await sendJobs(publishDeps(c.env, c.var.site), [again]);
    } catch (err) {
      console.error("publish retry: the queue did not take the job", err);
      throw HttpError.json(503, "publish queue unavailable", ["the job was not sent again and is still listed; try later"]);
    }
    await failures.forget(failure.jobId);
    return c.json({ retried: failure.jobId, jobId: again.jobId }, 202);
  })
  .delete(ROUTES.publishFailure, async (c) => {
    const failures = new PublishFailures(c.var.db);
    const failure = await failureOf(failures, c.req.param("jobId"));
    await failures.forget(failure.jobId);
    return c.json({ dismissed: failure.jobId });
  });
