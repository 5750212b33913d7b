"""Micro-benchmark for model.normalize: median microseconds per comment (prints, never asserts).

Run: .venv/bin/python bench/bench_normalize.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.normalize import normalize, normalize_text  # noqa: E402

COMMENTS = {
    "en": (
        "How did 300 ISIS fighters leave Raqqa unnoticed? The coalition has been bombing the city "
        "for months and now we are told they simply drove away in buses. Somebody should explain "
        "this to the families of the civilians who died. Great reporting as always, thank you!"
    ),
    "en-abusive": (
        "You are a complete 1d10t, stuuupid and a f*cking l0ser. Only a m0r0n would believe this "
        "sh!t. Go back to your cave, i d i o t, nobody cares what you think about Raqqa!!!"
    ),
    "ar": (
        "الله يحمي المدنيين في الرقة، كيف خرج ثلاثمئة مقاتل من داعش دون أن يلاحظهم أحد؟ "
        "التحالف يقصف المدينة منذ أشهر، والآن يقولون لنا إنهم غادروا في حافلات. هذا كلام "
        "لا يصدقه عاقل، ونريد تحقيقاً مستقلاً في ما جرى. شكراً على التغطية الممتازة."
    ),
    "ar-abusive": (
        "يا حمااااار يا غبيييي، أنت حـــقـــير وكلب ابن كلب. كلامك خرا ولا يستحق الرد، "
        "ح-ق-ي-ر وجاهل ومُنافِق، روح تعلّم قبل ما تكتب تعليقات عن الرقة يا حيوان!!!"
    ),
    "arabizi": (
        "ya 7mar enta mesh fahem shi, 3ala shu 3am te7ki? el nas ma2tou3a w enta 3am tedfa3 "
        "3an da3esh. ya ibn el kalb, 5ara 3aleik w 3ala kalamak ya 7ayawan."
    ),
}
REPEATS = 2000


def _median_us(func, text: str) -> float:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter_ns()
        func(text)
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1000


def main() -> None:
    print(f"{'comment':<12} {'chars':>5} {'normalize_text µs':>18} {'normalize µs':>13}")
    for name, text in COMMENTS.items():
        normalize_text(text)  # warm the per-word cache, as a running service would be
        normalize(text)
        fast = _median_us(normalize_text, text)
        full = _median_us(normalize, text)
        print(f"{name:<12} {len(text):>5} {fast:>18.1f} {full:>13.1f}")


if __name__ == "__main__":
    main()
