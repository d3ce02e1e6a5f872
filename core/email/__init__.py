"""Email (40-jobs-delivery JOB-60 … JOB-65): the OTP mail and complaint confirmations only."""

from core.email.messages import complaint_mail, otp_mail
from core.email.sender import EmailError, EmailSender, mask_email

__all__ = ["EmailError", "EmailSender", "complaint_mail", "mask_email", "otp_mail"]
