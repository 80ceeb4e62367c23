/**
 * Files of the sandbox's simulated platforms: photos customers upload, and files the desk
 * uploads on the staff side (a CSV report). Kept in `DESK_DATA_DIR/sandbox-files`, named by
 * their content's hash; only images the page can show (PNG, JPEG, GIF, WebP) are accepted
 * from the browser.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A photo from the browser may be at most this large (Telegram's bots get photos up to 10 MB; the page scales them). */
export const SANDBOX_MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Ids of sandbox files: `sbxf_` and a hash, then the extension. */
const ID = /^sbxf_[0-9a-f]{32}\.(png|jpg|gif|webp|csv|txt|svg)$/;

const MIME: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  csv: "text/csv; charset=utf-8",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml",
};

/** The image type of uploaded bytes, by their signature, or null. */
export function imageType(data: Buffer): "png" | "jpg" | "gif" | "webp" | null {
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "png";
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "jpg";
  if (data.length >= 6 && /^GIF8[79]a$/.test(data.subarray(0, 6).toString("latin1"))) return "gif";
  if (data.length >= 12 && data.subarray(0, 4).toString("latin1") === "RIFF" && data.subarray(8, 12).toString("latin1") === "WEBP")
    return "webp";
  return null;
}

export function isSandboxFileId(id: string): boolean {
  return ID.test(id);
}

/**
 * @example
 * ```ts
 * const files = new SandboxFiles("./data");
 * const id = files.save(png, "png");
 * files.read(id); // { data, mime: "image/png" }
 * ```
 */
export class SandboxFiles {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, "sandbox-files");
  }

  save(data: Buffer, ext: keyof typeof MIME): string {
    const id = `sbxf_${createHash("sha256").update(data).digest("hex").slice(0, 32)}.${ext}`;
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, id);
    if (!existsSync(path)) writeFileSync(path, data);
    return id;
  }

  read(id: string): { data: Buffer; mime: string } | null {
    if (!isSandboxFileId(id)) return null;
    const path = join(this.dir, id);
    if (!existsSync(path)) return null;
    return { data: readFileSync(path), mime: MIME[id.split(".").pop()!]! };
  }

  /** The page's URL of a file. */
  static url(id: string): string {
    return `/sandbox/file?id=${encodeURIComponent(id)}`;
  }
}

/** The extension a file name asks for, among those the sandbox keeps (else txt). */
export function extensionOf(filename: string): keyof typeof MIME {
  const ext = filename.split(".").pop()?.toLowerCase() ?? "";
  if (ext === "jpeg") return "jpg";
  return ext in MIME ? (ext as keyof typeof MIME) : "txt";
}
