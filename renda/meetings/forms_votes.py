"""Forms of the vote pages: a new vote, withdrawal, the tally, the ballot's
password step and the bulletin's tracker box."""

from __future__ import annotations

from django import forms

from renda.core.forms import IdChoiceField, IsoDateTimeInput

from .ballots import tracker_problem
from .choices import Choice, Grade, VoteKind, VoteMode
from .models import AgendaItem


class VoteForm(forms.Form):
    kind = forms.ChoiceField(label="表决事项类别", choices=VoteKind.choices)
    mode = forms.ChoiceField(
        label="表决方式",
        choices=VoteMode.choices,
        initial=VoteMode.IN_MEETING,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label="表决事项", max_length=200)
    motion = forms.CharField(
        label="议案内容（委员投票时看到的文字）",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    agenda_item = IdChoiceField(
        label="议程", queryset=AgendaItem.objects.none(), required=False
    )
    closes_at = forms.DateTimeField(
        label="网络表决截止时间",
        required=False,
        widget=IsoDateTimeInput(),
        help_text="仅网络表决：委员须在此时间前投票；不填则开始后24小时截止。",
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["agenda_item"].queryset = meeting.agenda_items.order_by(
                "position"
            )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="撤回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class TallyForm(forms.Form):
    """A paper ballot or a show of hands: counts and both tellers."""

    present = forms.IntegerField(label="出席人数", min_value=0, required=False)
    teller_one = forms.CharField(label="计票人", max_length=50)
    teller_two = forms.CharField(label="监票人", max_length=50)

    def __init__(self, *args, kind: str = VoteKind.RESOLUTION, **kwargs):
        super().__init__(*args, **kwargs)
        options = (
            Grade if kind in (VoteKind.SATISFACTION, VoteKind.EVALUATION) else Choice
        )
        self.keys = list(options.values)
        for key, label in options.choices:
            self.fields[key.lower()] = forms.IntegerField(
                label=f"{label}（票）", min_value=0, max_value=9999, initial=0
            )
        self.order_fields([k.lower() for k in self.keys] + ["present"])

    def counts(self) -> dict[str, int]:
        return {key: self.cleaned_data[key.lower()] for key in self.keys}


class ConfirmForm(forms.Form):
    """The ballot's second step: the choice made and the login password again."""

    choice = forms.CharField(widget=forms.HiddenInput, max_length=24)
    password = forms.CharField(
        label="请再次输入登录密码确认是您本人投票",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=128,
    )


class TrackerForm(forms.Form):
    tracker = forms.CharField(
        label="输入您的回执码",
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "spellcheck": "false",
                "placeholder": "例如 2020 1234 5678",
            }
        ),
    )

    def clean_tracker(self):
        problem = tracker_problem(self.cleaned_data["tracker"])
        if problem:
            raise forms.ValidationError(problem)
        return self.cleaned_data["tracker"]
