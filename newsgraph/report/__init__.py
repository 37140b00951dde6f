"""Reports of one Article record: JSON, Markdown and a self-contained HTML page."""

from newsgraph.record import Article


def render(article: Article, fmt: str) -> str:
    if fmt == "json":
        return article.to_json() + "\n"
    if fmt == "markdown":
        from newsgraph.report.markdown import render_markdown

        return render_markdown(article)
    if fmt == "html":
        from newsgraph.report.html import render_html

        return render_html(article)
    raise ValueError(f"unknown report format: {fmt}")
