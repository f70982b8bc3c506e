import { NotFound } from "@crosswalk/ui";

export default NotFound;
