"""The Ninja routers of the 12345 直通车, one module per part."""
