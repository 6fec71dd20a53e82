"""Requests other systems send to hireflow without a person's login: the EHR posting
performance reviews (docs/security.md, "The EHR's signed requests").

The EHR signs each request as hireflow signs its webhook deliveries
(``integrations.signing``): ``X-Hireflow-Timestamp`` and ``X-Hireflow-Signature: v1=<hex
HMAC-SHA256(secret, "<timestamp>.<raw body>")>``, refused when the timestamp is more than
five minutes away (a captured request cannot be replayed later). The HQ admin makes the
secret here: returned once, in the answer that makes or rotates it, otherwise kept only as
KMS ciphertext; after a rotation the previous secret is accepted for a day more, so the
EHR can switch over without a refused request in between.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from hireflow.audit.service import record
from hireflow.identity.model import HQ_BRANCH_ID, Caller, Role
from hireflow.identity.permissions import Capability, require
from hireflow.integrations.model import InboundSecret, InboundSecretRepository
from hireflow.integrations.signing import verify_signature
from hireflow.platform.encryption import decrypt, encrypt
from hireflow.platform.ids import now
from hireflow.platform.unit_of_work import UnitOfWorkFactory

EHR = "ehr"
PURPOSE = "inbound-secret"
ROTATION_OVERLAP = timedelta(hours=24)
# Who the audit trail names for what the EHR posts.
EHR_CALLER = Caller(
    user_id=EHR, username="ehr (signed request)", roles=(Role.HQ_HR,), branch_id=HQ_BRANCH_ID
)


class InboundStatus(BaseModel):
    system: str
    configured: bool
    rotated_at: datetime | None = None
    rotated_by: str | None = None


class InboundSecretShown(InboundStatus):
    """The new secret: shown this once, never again."""

    secret: str


@dataclass(frozen=True)
class InboundSecrets:
    secrets: InboundSecretRepository
    uow: UnitOfWorkFactory

    def status(self, caller: Caller, system: str = EHR) -> InboundStatus:
        require(caller, Capability.EDIT_INTEGRATIONS, action="managing the EHR's access")
        stored = self.secrets.get(system)
        return InboundStatus(
            system=system,
            configured=stored is not None,
            rotated_at=stored.rotated_at if stored else None,
            rotated_by=stored.rotated_by if stored else None,
        )

    def rotate(self, caller: Caller, system: str = EHR) -> InboundSecretShown:
        """A new secret (the first, or one replacing the current one)."""
        require(caller, Capability.EDIT_INTEGRATIONS, action="managing the EHR's access")
        before = self.secrets.get(system)
        plain = secrets.token_urlsafe(32)
        after = InboundSecret(
            system=system,
            current=encrypt(plain, purpose=PURPOSE, owner=system),
            previous=before.current if before else None,
            previous_until=now() + ROTATION_OVERLAP if before else None,
            rotated_by=caller.username,
            revision=before.revision if before else 0,
        )
        with self.uow() as uow:
            if before is None:
                uow.create(after)
            else:
                uow.save(after)
            # The audit entry names the rotation, never the ciphertexts.
            hidden = after.model_copy(update={"current": "(encrypted)", "previous": None})
            record(
                uow,
                caller,
                "inbound_secret.rotate",
                branch_id=HQ_BRANCH_ID,
                entity=hidden,
                entity_id=system,
            )
            uow.commit(on_duplicate="the secret was made meanwhile")
        return InboundSecretShown(
            system=system,
            configured=True,
            rotated_at=after.rotated_at,
            rotated_by=after.rotated_by,
            secret=plain,
        )

    def verify(self, timestamp: str, body: bytes, header: str, system: str = EHR) -> bool:
        """Whether the request is signed with the system's secret (or the previous one,
        within the overlap) and fresh."""
        stored = self.secrets.get(system)
        if stored is None or not header or not timestamp:
            return False
        keys = [stored.current]
        if stored.previous and stored.previous_until and stored.previous_until > now():
            keys.append(stored.previous)
        for key in keys:
            plain = decrypt(key, purpose=PURPOSE, owner=system)
            if verify_signature(plain, timestamp, body, header):
                return True
        return False
