"""The models of deputies' duty performance, one module per part."""

from .archive import DutyEvent, DutyRecord, SessionAttendance
from .reports import DutyReport, VoterRating
from .scoring import DutyAlert, DutyScore, ScoreCorrection, ScoreYear, ScoringRules
from .stories import Donation, DutyStory, StoryPhoto
from .training import Enrollment, Training, TrainingMaterial

__all__ = [
    "Donation",
    "DutyAlert",
    "DutyEvent",
    "DutyRecord",
    "DutyReport",
    "DutyScore",
    "DutyStory",
    "Enrollment",
    "ScoreCorrection",
    "ScoreYear",
    "ScoringRules",
    "SessionAttendance",
    "StoryPhoto",
    "Training",
    "TrainingMaterial",
    "VoterRating",
]
