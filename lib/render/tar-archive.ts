import { gzipSync } from "node:zlib";

/** One regular file of an archive. */
export interface ArchiveFile {
  /** Relative path, at most 100 bytes (POSIX ustar without the prefix field). */
  readonly path: string;
  readonly content: string;
}

/**
 * A gzip-compressed POSIX ustar archive of regular files, byte-for-byte deterministic: fixed
 * owner (0:0), mode 0600, time stamp 0, and a gzip header without time or OS. `tar -xzf` reads it.
 * `compressionLevel`: zlib's 1 (fastest) to 9 (smallest); 6, zlib's own default, when not given.
 * Directories are implied by the paths (GNU and BSD tar create them).
 */
export function deterministicTarGz(files: readonly ArchiveFile[], compressionLevel = 6): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const body = Buffer.from(file.content, "utf8");
    const header = Buffer.alloc(512, 0);
    const name = Buffer.from(file.path, "utf8");
    if (name.length === 0 || name.length > 100 || file.path.startsWith("/") || file.path.split("/").includes("..")) {
      throw new Error(`not a relative archive path of at most 100 bytes: ${file.path}`);
    }
    name.copy(header, 0);
    header.write("0000600\0", 100, "ascii"); // mode
    header.write("0000000\0", 108, "ascii"); // uid
    header.write("0000000\0", 116, "ascii"); // gid
    header.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124, "ascii"); // size
    header.write("00000000000\0", 136, "ascii"); // mtime
    header.write("        ", 148, "ascii"); // checksum placeholder: eight spaces
    header.write("0", 156, "ascii"); // regular file
    header.write("ustar\0" + "00", 257, "ascii");
    let sum = 0;
    for (let i = 0; i < header.length; i++) sum += header[i];
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512, 0));
  }
  blocks.push(Buffer.alloc(1024, 0));
  const compressed = gzipSync(Buffer.concat(blocks), { level: compressionLevel });
  compressed[9] = 255; // gzip header OS field: "unknown", the same on every platform
  return compressed;
}
