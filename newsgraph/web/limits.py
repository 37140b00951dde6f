"""Request and page limits of the explorer, from the ``web`` section of ``newsgraph.settings``
(where each is described), read once when the app is imported."""

from newsgraph.settings import get_settings

_WEB = get_settings().web
MAX_UPLOAD_BYTES = _WEB.max_upload_bytes  # an article's HTML page, images aside, is far below the default
MULTIPART_OVERHEAD = _WEB.multipart_overhead
PAGE_SIZE = _WEB.page_size
MAX_PAGE_SIZE = _WEB.max_page_size
NETWORK_EDGES = _WEB.network_edges  # more than the default is unreadable anyway
