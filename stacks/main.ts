import { App } from "cdktf";
import { BeanstalkStack } from "./beanstalk";
import { LocalStack } from "./local";
import { MinimalStack } from "./minimal";
import { RegistryStack } from "./registry";
import { WebStack } from "./web";

/** The app that cdktf.json points at. Stack names are a contract: local, minimal, web, beanstalk, registry. */
export function buildApp(app: App = new App()): App {
  new LocalStack(app, "local");
  new MinimalStack(app, "minimal");
  new BeanstalkStack(app, "beanstalk");
  new RegistryStack(app, "registry");
  new WebStack(app, "web");
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
