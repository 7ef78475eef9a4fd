"""Pages of the coordinators' workspace: thin views over the case services and selectors."""
