"""Speed, scale and accuracy figures: `python -m bench` (or `--quick`, under a minute).

    accuracy.py   this bot and two plain FAQ matchers (difflib, rapidfuzz) on the dev questions
    latency.py    load time, peak memory and answer latency per knowledge size (a subprocess each)
    e2e.py        questions per second through the real PTB stack vs. a plain echo bot
    questions.py  the question sets (the dev set via ../shared/eval/score.py, a latency mix)
    report.py     the Markdown table and the targets
Results go to bench/results/latest.json; progress bars to stderr.
"""
