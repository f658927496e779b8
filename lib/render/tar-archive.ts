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
  const sizes = files.map((file) => Buffer.byteLength(file.content, "utf8"));
  // One zero-filled buffer for the whole archive (headers, contents, padding, the two end blocks):
  // no per-file buffers to allocate and concatenate.
  const archive = Buffer.alloc(sizes.reduce((total, size) => total + 512 + paddedSize(size), 1024));
  let offset = 0;
  files.forEach((file, i) => {
    const nameLength = Buffer.byteLength(file.path, "utf8");
    if (nameLength === 0 || nameLength > 100 || file.path.startsWith("/") || file.path.split("/").includes("..")) {
      throw new Error(`not a relative archive path of at most 100 bytes: ${file.path}`);
    }
    // The shared fields come from the template; only the name and size differ, and so only they
    // are added to the template's checksum.
    HEADER_TEMPLATE.copy(archive, offset);
    archive.write(file.path, offset, "utf8");
    const size = `${sizes[i].toString(8).padStart(11, "0")}\0`;
    archive.write(size, offset + 124, "ascii");
    let sum = HEADER_TEMPLATE_SUM;
    for (let k = offset; k < offset + nameLength; k++) sum += archive[k];
    for (let k = 0; k < size.length; k++) sum += size.charCodeAt(k);
    archive.write(`${sum.toString(8).padStart(6, "0")}\0 `, offset + 148, "ascii");
    archive.write(file.content, offset + 512, "utf8");
    offset += 512 + paddedSize(sizes[i]);
  });
  const compressed = gzipSync(archive, { level: compressionLevel });
  compressed[9] = 255; // gzip header OS field: "unknown", the same on every platform
  return compressed;
}

/** The header fields every file shares: mode 0600, owner 0:0, time stamp 0, a regular file, ustar. */
const HEADER_TEMPLATE = Buffer.alloc(512);
HEADER_TEMPLATE.write("0000600\0", 100, "ascii"); // mode
HEADER_TEMPLATE.write("0000000\0", 108, "ascii"); // uid
HEADER_TEMPLATE.write("0000000\0", 116, "ascii"); // gid
HEADER_TEMPLATE.write("00000000000\0", 136, "ascii"); // mtime
HEADER_TEMPLATE.write("        ", 148, "ascii"); // checksum placeholder: eight spaces, as the checksum is computed
HEADER_TEMPLATE.write("0", 156, "ascii"); // regular file
HEADER_TEMPLATE.write("ustar\0" + "00", 257, "ascii");
const HEADER_TEMPLATE_SUM = HEADER_TEMPLATE.reduce((sum, byte) => sum + byte, 0);

/** A file's size rounded up to whole 512-byte blocks. */
function paddedSize(size: number): number {
  return Math.ceil(size / 512) * 512;
}
