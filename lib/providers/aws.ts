// Deep imports of the AWS provider. Add a resource here when a construct needs it; never
// import the package root (it loads every resource: ~1.5 s and ~500 MB per process).
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
