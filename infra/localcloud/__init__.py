"""The embedded local cloud: hireflow's template.yaml on an in-process AWS emulator.

moto (server mode) emulates AWS; this package fills what moto leaves out: creating the
template's resources, running Lambda handlers in-process, delivering S3 and EventBridge
events to them, an API Gateway stand-in, and an outbox of sent messages.
"""
