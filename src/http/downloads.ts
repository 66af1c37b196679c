// A document sent as a download: a PDF, a CSV, an iCalendar file. Personal data every time, so no
// cache keeps a copy (the browser does not guess another type either: http/security-headers.ts).
import type { FastifyReply } from 'fastify';

export function sendDownload(
  reply: FastifyReply,
  file: { contentType: string; fileName?: string | undefined; body: unknown },
): FastifyReply {
  if (file.fileName !== undefined) {
    reply.header('content-disposition', `attachment; filename="${file.fileName}"`);
  }
  return reply.header('content-type', file.contentType).header('cache-control', 'private, no-store').send(file.body);
}
