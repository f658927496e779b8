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
    const header = archive.subarray(offset, offset + 512);
    header.write(file.path, 0, "utf8");
    header.write("0000600\0", 100, "ascii"); // mode
    header.write("0000000\0", 108, "ascii"); // uid
    header.write("0000000\0", 116, "ascii"); // gid
    header.write(`${sizes[i].toString(8).padStart(11, "0")}\0`, 124, "ascii"); // size
    header.write("00000000000\0", 136, "ascii"); // mtime
    header.write("        ", 148, "ascii"); // checksum placeholder: eight spaces
    header.write("0", 156, "ascii"); // regular file
    header.write("ustar\0" + "00", 257, "ascii");
    let sum = 0;
    for (let k = 0; k < 512; k++) sum += header[k];
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
    archive.write(file.content, offset + 512, "utf8");
    offset += 512 + paddedSize(sizes[i]);
  });
  const compressed = gzipSync(archive, { level: compressionLevel });
  compressed[9] = 255; // gzip header OS field: "unknown", the same on every platform
  return compressed;
}

/** A file's size rounded up to whole 512-byte blocks. */
function paddedSize(size: number): number {
  return Math.ceil(size / 512) * 512;
}
