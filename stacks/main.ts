import { App } from "cdktf";
import { BeanstalkStack } from "./beanstalk";
import { LocalStack } from "./local";

/** The app that cdktf.json points at. Stack names are a contract: local, minimal, web, beanstalk, registry. */
export function buildApp(app: App = new App()): App {
  new LocalStack(app, "local");
  new BeanstalkStack(app, "beanstalk");
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
