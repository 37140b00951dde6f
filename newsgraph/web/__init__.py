"""The web explorer: ``create_app(store)`` (``newsgraph serve``)."""
