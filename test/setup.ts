import { Testing } from "cdktf";

// The cdktf jest matchers (toHaveResource, toHaveResourceWithProperties, …).
Testing.setupJest();
