// The view engine of an area's pages: Nunjucks (autoescaping) over the area's own folder of views
// first, then the shared frame's (src/http/web/views: frame.njk, the error summary), so that every
// area's layout extends the same frame.
import { join } from 'node:path';
import nunjucks from 'nunjucks';

/** The shared frame's views. */
export const WEB_VIEWS = join(import.meta.dirname, 'views');

export type Views = nunjucks.Environment;

/** A Nunjucks environment that looks for a view in `areaFolders`, in order, then in the shared frame's. */
export function viewEngine(areaFolders: readonly string[]): Views {
  return new nunjucks.Environment(new nunjucks.FileSystemLoader([...areaFolders, WEB_VIEWS]), {
    autoescape: true,
    trimBlocks: true,
    lstripBlocks: true,
    throwOnUndefined: false,
  });
}
