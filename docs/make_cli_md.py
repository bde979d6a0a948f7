"""Regenerate docs/cli.md from the argparse definitions: python docs/make_cli_md.py > docs/cli.md"""
from __future__ import annotations

import os


def render() -> str:
    os.environ["COLUMNS"] = "100"
    from vidforensics_cli.main import COMMANDS, build_parser
    parser = build_parser()
    parts = ["# Command-line reference",
             "",
             "Generated from the code by `python docs/make_cli_md.py > docs/cli.md`; a test checks "
             "that this page is current. Defaults are those of `vidforensics/config.py`, shared "
             "with the Python API.",
             "",
             "```text", parser.format_help().rstrip(), "```"]
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in COMMANDS:
        parts += ["", f"## vidforensics {name}", "", "```text",
                  sub.choices[name].format_help().rstrip(), "```"]
        nested = [a for a in sub.choices[name]._actions if a.__class__.__name__ == "_SubParsersAction"]
        for action in nested:                  # e.g. `index add`, `index list`, `index remove`
            for sub_name, sub_parser in action.choices.items():
                parts += ["", f"### vidforensics {name} {sub_name}", "", "```text",
                          sub_parser.format_help().rstrip(), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    print(render(), end="")
