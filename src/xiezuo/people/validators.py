"""Validators for personal data: resident ID numbers (GB 11643-1999) and phone numbers."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
PHONE_PATTERN = re.compile(r"^(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


def id_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def birth_date_from_id(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_id_number(value: str) -> None:
    number = value.strip().upper()
    if not ID_PATTERN.match(number):
        raise ValidationError(
            _("An ID number has 17 digits followed by a digit or X."), code="id_format"
        )
    if birth_date_from_id(number) is None:
        raise ValidationError(_("The ID number holds no valid birth date."), code="id_birth")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong; please check the number."), code="id_check"
        )


def validate_phone(value: str) -> None:
    if not PHONE_PATTERN.match(value.strip()):
        raise ValidationError(
            _("Enter a mobile number (11 digits) or a landline with area code."), code="phone"
        )
