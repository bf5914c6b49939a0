"""`frontwatch feeds import / export`: other readers' feed lists join the user's config
without touching its comments."""

from __future__ import annotations

from feeds.config import load_config, read_opml
from tests.support.cli import run
from tests.support.paths import DATA

OPML = (DATA / "desk.opml").read_bytes()


def test_the_cli_appends_to_the_users_config_and_keeps_its_comments(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('# my desk\n[[feeds]]\nname = "Mine"\nurl = "https://mine.example.org/rss"\n')
    opml = tmp_path / "desk.opml"
    opml.write_bytes(OPML)
    result = run("--config", str(config), "feeds", "import", str(opml))
    assert result.returncode == 0, result.stderr
    assert "2 feeds added" in result.stdout
    assert config.read_text().startswith("# my desk\n")
    assert [f.name for f in load_config(config).feeds] == ["Mine", "Levant wire", 'Quote "desk"']
    again = run("--config", str(config), "feeds", "import", str(opml))
    assert "0 feeds added, 2 already there" in again.stdout
    exported = run("--config", str(config), "feeds", "export").stdout
    urls = [f.url for f in read_opml(exported.encode())]
    assert urls == ["https://mine.example.org/rss", *urls[1:]] and len(urls) == 3
