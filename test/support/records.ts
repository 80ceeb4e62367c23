/**
 * Helpers for the tests of the shop's records: GB18030 bytes as Excel in China saves them,
 * a shared-contact update as Telegram sends it, and records files in temporary folders.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Update } from "grammy/types";
import type { FakeUser, UpdateFactory } from "../fakes/updates.ts";

let gbTable: Map<string, number[]> | undefined;

/**
 * Encodes text as GB18030 (two-byte range, which holds every character of GBK; ASCII as
 * is), from the platform's own decoder run backwards, so no encoding library is needed.
 */
export function toGb18030(text: string): Buffer {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder("gb18030");
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbTable.has(ch)) gbTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbTable.get(ch);
      if (!bytes) throw new Error(`toGb18030: ${ch} is outside the two-byte range`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

/** A message sharing a contact card: the sender's own when `userId` is theirs. */
export function contactUpdate(f: UpdateFactory, user: FakeUser, contact: { phone: string; userId?: number; firstName?: string }): Update {
  const u = f.text(user, "") as unknown as { message: Record<string, unknown> };
  delete u.message.text;
  u.message.contact = {
    phone_number: contact.phone,
    first_name: contact.firstName ?? user.first_name ?? "Test",
    ...(contact.userId !== undefined ? { user_id: contact.userId } : {}),
  };
  return u as unknown as Update;
}

/** A fresh folder for a test's files. */
export function tempDir(prefix = "desk-records-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes a file into `dir` and returns its path. */
export function writeTemp(dir: string, name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
