"""Request and page limits of the explorer."""

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # an article's HTML page, images aside, is far below this
MULTIPART_OVERHEAD = 64 * 1024  # form fields and part headers around an upload
PAGE_SIZE = 20  # search hits, quotes and articles per page
MAX_PAGE_SIZE = 100  # what the API accepts as ?limit=
NETWORK_EDGES = 150  # the network page draws the strongest edges; more is unreadable anyway
NETWORK_RETRY_SECONDS = 5  # how soon a page waiting for the network reloads
