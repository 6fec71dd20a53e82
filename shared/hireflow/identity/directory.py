"""The user directory: Cognito users, their role group and branch attribute."""

from __future__ import annotations

from typing import Any, Protocol

from hireflow.identity.model import Role
from hireflow.platform import aws
from hireflow.platform.errors import Conflict
from hireflow.platform.settings import settings


class Directory(Protocol):
    def create_user(
        self, username: str, email: str, display_name: str, role: Role, branch_id: str
    ) -> str:
        """Create the sign-in account; returns its stable id (Cognito ``sub``)."""
        ...

    def change_account(
        self,
        username: str,
        *,
        role: tuple[Role, Role] | None = None,
        branch_id: str | None = None,
        display_name: str | None = None,
        enabled: bool | None = None,
    ) -> None:
        """Apply a change to the sign-in account: ``role`` is (old, new). A new role,
        branch or a disabled account ends the user's sessions."""
        ...


class CognitoDirectory:
    """Users in the Cognito user pool; Cognito e-mails the temporary password."""

    def __init__(self, user_pool_id: str | None = None, cognito: Any = None) -> None:
        self._user_pool_id = user_pool_id
        self._cognito = cognito

    @property
    def user_pool_id(self) -> str:
        return self._user_pool_id or settings().user_pool_id

    @property
    def cognito(self) -> Any:
        return self._cognito or aws.client("cognito-idp")

    def find(self, username: str) -> str | None:
        try:
            user = self.cognito.admin_get_user(UserPoolId=self.user_pool_id, Username=username)
        except self.cognito.exceptions.UserNotFoundException:
            return None
        return _sub(user["UserAttributes"])

    def create_user(
        self,
        username: str,
        email: str,
        display_name: str,
        role: Role,
        branch_id: str,
        *,
        send_invitation: bool = True,
    ) -> str:
        try:
            created = self.cognito.admin_create_user(
                UserPoolId=self.user_pool_id,
                Username=username,
                UserAttributes=[
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},
                    {"Name": "name", "Value": display_name},
                    {"Name": "custom:branch_id", "Value": branch_id},
                ],
                DesiredDeliveryMediums=["EMAIL"],
                **({} if send_invitation else {"MessageAction": "SUPPRESS"}),
            )
        except self.cognito.exceptions.UsernameExistsException as exc:
            raise Conflict(
                f"username {username!r} is taken",
                code="username_taken",
                params={"username": username},
            ) from exc
        self.cognito.admin_add_user_to_group(
            UserPoolId=self.user_pool_id, Username=username, GroupName=role.value
        )
        return _sub(created["User"]["Attributes"])

    def change_account(
        self,
        username: str,
        *,
        role: tuple[Role, Role] | None = None,
        branch_id: str | None = None,
        display_name: str | None = None,
        enabled: bool | None = None,
    ) -> None:
        pool = self.user_pool_id
        attributes = []
        if branch_id is not None:
            attributes.append({"Name": "custom:branch_id", "Value": branch_id})
        if display_name is not None:
            attributes.append({"Name": "name", "Value": display_name})
        if attributes:
            self.cognito.admin_update_user_attributes(
                UserPoolId=pool, Username=username, UserAttributes=attributes
            )
        if role is not None and role[0] != role[1]:
            self.cognito.admin_add_user_to_group(
                UserPoolId=pool, Username=username, GroupName=role[1].value
            )
            self.cognito.admin_remove_user_from_group(
                UserPoolId=pool, Username=username, GroupName=role[0].value
            )
        if enabled is True:
            self.cognito.admin_enable_user(UserPoolId=pool, Username=username)
        elif enabled is False:
            self.cognito.admin_disable_user(UserPoolId=pool, Username=username)
        if enabled is False or branch_id is not None or (role is not None and role[0] != role[1]):
            # Refresh tokens stop working; an ID token already issued runs out within its
            # hour (the claims it carries are the old ones).
            self.cognito.admin_user_global_sign_out(UserPoolId=pool, Username=username)

    def set_password(self, username: str, password: str) -> None:
        self.cognito.admin_set_user_password(
            UserPoolId=self.user_pool_id, Username=username, Password=password, Permanent=True
        )


def _sub(attributes: list[dict[str, str]]) -> str:
    return next(a["Value"] for a in attributes if a["Name"] == "sub")
