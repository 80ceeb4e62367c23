/**
 * Staff actions in Slack for end-to-end tests: signed requests to the desk, and the fake
 * Slack API's record of what the desk posted.
 */
import { expect } from "vitest";
import type { TicketRow } from "../../core/store/index.ts";
import type { FakeSlackApi } from "../fakes/slack-api.ts";
import { blockActions, eventCallback, sendSlack, slashCommand, viewSubmission } from "../fakes/slack-sign.ts";
import { SLACK_SECRET } from "./desk.ts";

export class StaffSide {
  constructor(
    readonly slack: FakeSlackApi,
    readonly url: string,
  ) {}

  /** A button on the ticket's card; the answer goes to a response_url named `USER-ACTION-…`. */
  async click(user: string, action: string, ticket: TicketRow, extra: Record<string, unknown> = {}) {
    const r = await sendSlack(
      this.url,
      SLACK_SECRET,
      blockActions({
        user: { id: user },
        channel: { id: ticket.slackChannel! },
        message: { ts: ticket.slackTs! },
        actions: [{ action_id: action, value: String(ticket.ref), ...extra }],
        response_url: this.slack.responseUrl(`${user}-${action}-${Math.random().toString(36).slice(2, 8)}`),
      }),
    );
    expect(r.status).toBe(200);
    return r;
  }

  /** `/desk TEXT`; the answer goes to the response_url `responseId` (returned). */
  async command(user: string, text: string, channel: string, responseId = `cmd-${Math.random().toString(36).slice(2, 8)}`) {
    const r = await sendSlack(
      this.url,
      SLACK_SECRET,
      slashCommand({ command: "/desk", text, user_id: user, channel_id: channel, response_url: this.slack.responseUrl(responseId) }),
    );
    expect(r.status).toBe(200);
    return responseId;
  }

  /** A message in the ticket's Slack thread. */
  async say(user: string, ticket: TicketRow, text: string) {
    const r = await sendSlack(
      this.url,
      SLACK_SECRET,
      eventCallback({ event: { type: "message", channel: ticket.slackChannel!, user, text, thread_ts: ticket.slackTs! } }),
    );
    expect(r.status).toBe(200);
    return r;
  }

  /** Submits the last modal of this kind that the desk opened, with these values (block_id → value). */
  async submit(user: string, callbackId: string, values: Record<string, string | { option: string }>) {
    const opened = [...this.slack.calls]
      .reverse()
      .find((c) => c.method === "views.open" && c.ok && c.params.view.callback_id === callbackId);
    if (!opened) throw new Error(`no ${callbackId} modal was opened`);
    const state: Record<string, Record<string, unknown>> = {};
    for (const [k, v] of Object.entries(values)) {
      state[k] = {
        v: typeof v === "string" ? { type: "plain_text_input", value: v } : { type: "static_select", selected_option: { value: v.option } },
      };
    }
    return sendSlack(
      this.url,
      SLACK_SECRET,
      viewSubmission({
        user: { id: user },
        view: { callback_id: callbackId, private_metadata: opened.params.view.private_metadata, state: { values: state } },
      }),
    );
  }

  /** Private answers the desk sent to this person (response_url posts and ephemerals). */
  answersTo(user: string): string[] {
    return [
      ...this.slack
        .responses()
        .filter((r) => r.target?.startsWith(`${user}-`))
        .map((r) => String(r.params.text)),
      ...this.slack.calls.filter((c) => c.method === "chat.postEphemeral" && c.params.user === user).map((c) => String(c.params.text)),
    ];
  }

  /** Texts of the response_url posts whose id starts with `prefix` (a command's id, or `USER-ACTION`). */
  responses(prefix: string): string[] {
    return this.slack
      .responses()
      .filter((r) => r.target?.startsWith(prefix))
      .map((r) => String(r.params.text));
  }

  /** Direct messages the desk sent to this person. */
  dms(user: string): string[] {
    return this.slack.messages(this.slack.dmChannel(user)).map((m) => String(m.text));
  }
}
