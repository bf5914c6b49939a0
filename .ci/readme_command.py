"""Print the Nth command of the README's opening code block (1: install and run, 2: test).

.ci/run runs the README's test command through this, so the two cannot drift apart.
"""

import sys
from pathlib import Path

readme = Path(__file__).resolve().parent.parent / "README.md"
lines = readme.read_text(encoding="utf-8").splitlines()
start = next(i for i, line in enumerate(lines) if line.startswith("```"))
end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("```"))
commands = [line for line in lines[start + 1 : end] if line.strip() and not line.startswith("#")]
print(commands[int(sys.argv[1]) - 1])
