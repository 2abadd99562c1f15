"""The ten tenets of the Customer Code, by number: the axis of every rule id and grade."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tenet:
    number: int
    name: str
    title: str


TENETS: dict[int, Tenet] = {
    t.number: t
    for t in (
        Tenet(1, "attention", "Earn my attention, don't steal it"),
        Tenet(2, "person", "Treat me like a person, not a persona"),
        Tenet(3, "success", "Solve for my success, not your systems"),
        Tenet(4, "data", "Use my data, but don't abuse it"),
        Tenet(5, "feedback", "Ask for feedback and act on it"),
        Tenet(6, "mistakes", "Own your mistakes"),
        Tenet(7, "self-service", "Help me help myself"),
        Tenet(8, "pricing", "I don't mind paying, but I hate getting played"),
        Tenet(9, "lock-in", "Don't lock the door"),
        Tenet(10, "integrity", "Do the right thing, even when it's hard"),
    )
}
